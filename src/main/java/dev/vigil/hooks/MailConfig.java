package dev.vigil.hooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The SMTP server that {@code mailto:} hooks send through (README "Hooks"). */
@ConfigMapping(prefix = "vigil.mail")
public interface MailConfig {

    /** The SMTP server's host. */
    @WithDefault("localhost")
    String host();

    /** Its port: 25 or 587 with STARTTLS, 465 with {@link #ssl()}. */
    @WithDefault("25")
    int port();

    /** The sender of every hook mail. */
    @WithDefault("vigil@localhost")
    String from();

    /** The login, when the server asks for one (with {@link #password()}). */
    Optional<String> username();

    Optional<String> password();

    /** Whether the connection is upgraded with STARTTLS: never, when the server offers it, or always (else no mail). */
    @WithDefault("optional")
    StartTls startTls();

    /** TLS from the first byte (SMTPS, usually port 465) instead of STARTTLS. */
    @WithDefault("false")
    boolean ssl();

    enum StartTls { DISABLED, OPTIONAL, REQUIRED }
}

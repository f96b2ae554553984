package dev.vigil.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

@ConfigMapping(prefix = "vigil.security")
public interface SecurityConfig {

    /**
     * API keys with their roles, {@code secret=role+role} comma-separated ({@code VIGIL_KEYS}); requests carry one in
     * {@code Authorization: Bearer <secret>} or {@code X-API-Key}.
     */
    Optional<String> keys();

    /**
     * With no key configured, let every request have every role ({@code VIGIL_ALLOW_ANONYMOUS}). Without it, a
     * production start (external PostgreSQL or Kafka) with no key is refused.
     */
    boolean allowAnonymous();

    /**
     * Set by the local launcher when it started embedded services: with no key configured, Vigil then listens on
     * the loopback interface only and needs no key.
     */
    @WithDefault("false")
    boolean local();
}

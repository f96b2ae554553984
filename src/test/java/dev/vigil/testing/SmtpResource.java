package dev.vigil.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) in the test JVM, which the application's mailer sends to. {@link #stop()} and
 * {@link #start()} simulate an outage on the same address.
 */
public class SmtpResource implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private static GreenMail server;

    @Override
    public Map<String, String> start() {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startServer();
        return Map.of("vigil.mail.host", "127.0.0.1", "vigil.mail.port", Integer.toString(port),
                "vigil.mail.from", "vigil@test.example");
    }

    public static synchronized void startServer() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    public static synchronized void stopServer() {
        server.stop();
    }

    /** Every mail received since the last {@link #clear()}. */
    public static synchronized List<MimeMessage> received() {
        return List.of(server.getReceivedMessages());
    }

    public static synchronized void clear() {
        server.reset();
    }

    @Override
    public void stop() {
        server.stop();
    }
}

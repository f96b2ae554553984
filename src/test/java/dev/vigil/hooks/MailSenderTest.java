package dev.vigil.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The session Vigil opens from {@code vigil.mail.*}, and servers that do not answer (HookTest: a real SMTP server). */
class MailSenderTest {

    private static final String EVENT = """
            {"specversion": "1.0", "id": "e1", "source": "/vigil", "type": "dev.vigil.hook.test.v1",
             "time": "2026-10-01T00:00:00Z", "data": {"hook": "desk"}}""";

    private record Config(String host, int port, String from, Optional<String> username, Optional<String> password,
                          StartTls startTls, boolean ssl) implements MailConfig {
    }

    private static Config plain(int port) {
        return new Config("127.0.0.1", port, "vigil@test.example", Optional.empty(), Optional.empty(),
                MailConfig.StartTls.OPTIONAL, false);
    }

    @Test
    void theConfigBecomesTheSessionsPropertiesWithEveryStepBoundedByTheTimeout() {
        Properties p = MailSender.properties(plain(2525), Duration.ofSeconds(7));
        assertEquals("127.0.0.1", p.getProperty("mail.smtp.host"));
        assertEquals("2525", p.getProperty("mail.smtp.port"));
        for (String step : List.of("connectiontimeout", "timeout", "writetimeout")) {
            assertEquals("7000", p.getProperty("mail.smtp." + step), step);
        }
        assertEquals("false", p.getProperty("mail.smtp.auth"));
        assertEquals("true", p.getProperty("mail.smtp.starttls.enable"), "STARTTLS when offered");
        assertEquals("false", p.getProperty("mail.smtp.starttls.required"));
        assertEquals("false", p.getProperty("mail.smtp.ssl.enable"));

        Properties strict = MailSender.properties(new Config("smtp.example.com", 465, "a@b.example",
                Optional.of("vigil"), Optional.of("secret"), MailConfig.StartTls.REQUIRED, true), Duration.ofSeconds(1));
        assertEquals("true", strict.getProperty("mail.smtp.auth"));
        assertEquals("true", strict.getProperty("mail.smtp.starttls.required"));
        assertEquals("true", strict.getProperty("mail.smtp.ssl.enable"));
        assertFalse(strict.containsValue("secret"), "the password goes to the authenticator, not the properties");

        Properties never = MailSender.properties(new Config("h", 25, "a@b.example", Optional.empty(),
                Optional.empty(), MailConfig.StartTls.DISABLED, false), Duration.ofSeconds(1));
        assertEquals("false", never.getProperty("mail.smtp.starttls.enable"));
    }

    @Test
    void aSenderThatIsNoAddressStopsTheStart() {
        Config bad = new Config("h", 25, "vigil at example", Optional.empty(), Optional.empty(),
                MailConfig.StartTls.OPTIONAL, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MailSender(bad, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("vigil.mail.from"), e.getMessage());
    }

    @Test
    void aServerThatNeverGreetsHoldsOnlyTheMailThreadsForTheTimeoutAndADeadOneFailsAtOnce() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            MailSender mail = new MailSender(plain(silent.getLocalPort()), Duration.ofMillis(800));
            long started = System.nanoTime();
            List<CompletableFuture<Sender.Attempt>> sends = new ArrayList<>();
            for (int i = 0; i < MailSender.CONNECTIONS; i++) {
                sends.add(mail.send("mailto:ops@test.example", "e" + i, EVENT, null));
            }
            while (held.size() < MailSender.CONNECTIONS) {
                Thread.sleep(5);
            }
            // the relay hangs: every mail thread waits for its greeting; these two wait for a thread
            sends.add(mail.send("mailto:ops@test.example", "late1", EVENT, null));
            sends.add(mail.send("mailto:ops@test.example", "late2", EVENT, null));
            for (CompletableFuture<Sender.Attempt> send : sends) {
                Sender.Attempt a = send.join();
                assertFalse(a.delivered());
                assertFalse(a.permanent(), "tried again later");
                assertEquals("no answer within the timeout", a.error());
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis >= 750 && millis < 5_000, "bounded by the timeout: " + millis + " ms");
            Thread.sleep(1_000); // the threads are free again: the two that waited past half their time stay unsent
            assertEquals(MailSender.CONNECTIONS, held.size(), "connections to the hanging relay");
            mail.close();
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        MailSender gone = new MailSender(plain(closedPort), Duration.ofSeconds(2));
        Sender.Attempt refused = gone.send("mailto:ops@test.example", "e1", EVENT, null).join();
        assertFalse(refused.delivered());
        assertTrue(refused.error().contains("Connect"), refused.error());
        gone.close();
    }
}

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
import java.util.concurrent.atomic.AtomicInteger;
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

        // a login is never sent in clear unless asked: STARTTLS is required with one, unless disabled outright
        Properties login = MailSender.properties(new Config("h", 587, "a@b.example", Optional.of("vigil"),
                Optional.of("secret"), MailConfig.StartTls.OPTIONAL, false), Duration.ofSeconds(1));
        assertEquals("true", login.getProperty("mail.smtp.starttls.required"));
        Properties clear = MailSender.properties(new Config("h", 25, "a@b.example", Optional.of("vigil"),
                Optional.of("secret"), MailConfig.StartTls.DISABLED, false), Duration.ofSeconds(1));
        assertEquals("false", clear.getProperty("mail.smtp.starttls.required"));
        assertEquals("true", p.getProperty("mail.smtp.sendpartial"), "one refused address does not stop the rest");
    }

    @Test
    void aSlowRelayIsCutAtTheDeadlineSoAMailCountedAsFailedIsNeverDeliveredAfterwards() throws Exception {
        try (ScriptedSmtp relay = new ScriptedSmtp(400)) {
            MailSender mail = new MailSender(plain(relay.port()), Duration.ofMillis(1_500));
            Sender.Attempt a = mail.send("mailto:ops@test.example", "e1", EVENT, null).join();
            assertFalse(a.delivered());
            assertEquals("no answer within the timeout", a.error());
            Thread.sleep(2_500); // the whole dialogue would have taken about 2.8 s
            assertEquals(0, relay.messages(), "the message never ended: " + relay.commands());
            mail.close();
        }
    }

    @Test
    void aRefusedAddressStillLetsTheOthersHaveTheMailAndItIsNotSentAgain() throws Exception {
        try (ScriptedSmtp relay = new ScriptedSmtp(0)) {
            MailSender mail = new MailSender(plain(relay.port()), Duration.ofSeconds(5));
            Sender.Attempt partial = mail.send("mailto:ops@test.example,refuse@test.example", "e1", EVENT, null)
                    .join();
            assertEquals(1, relay.messages(), "ops got it: " + relay.commands());
            assertFalse(partial.delivered());
            assertTrue(partial.permanent(), "sending again would repeat it to ops");
            assertTrue(partial.error().startsWith("delivered to [ops@test.example]; the mail server refused "
                    + "[refuse@test.example]: ") && partial.error().contains("550 5.1.1 no such user"),
                    partial.error());

            Sender.Attempt greylisted = mail.send("mailto:later@test.example", "e2", EVENT, null).join();
            assertEquals(1, relay.messages(), "nobody got this one");
            assertFalse(greylisted.permanent(), "put off for now: tried again later");
            assertTrue(greylisted.error().contains("450 4.2.0 greylisted"), greylisted.error());
            mail.close();
        }
    }

    @Test
    void aMailSentAgainKeepsItsMessageIdSoReceiversThatDropRepeatsShowItOnce() throws Exception {
        try (ScriptedSmtp relay = new ScriptedSmtp(0)) {
            MailSender mail = new MailSender(plain(relay.port()), Duration.ofSeconds(5));
            String id = "7f1c2a9e-0b4d-4c55-9a51-2f8f1e0c6d10";
            assertTrue(mail.send("mailto:ops@test.example", id, EVENT, null).join().delivered());
            assertTrue(mail.send("mailto:ops@test.example", id, EVENT, null).join().delivered());
            assertTrue(mail.send("mailto:ops@test.example", "other/event id", EVENT, null).join().delivered());
            mail.close();

            List<String> ids = relay.messageIds();
            assertEquals(3, ids.size(), relay.commands().toString());
            assertEquals("<vigil." + id + "@test.example>", ids.get(0), "the sender's domain");
            assertEquals(ids.get(0), ids.get(1), "the same event, the same Message-ID");
            assertTrue(ids.get(2).matches("<vigil\\.[0-9a-f]{64}@test\\.example>"),
                    "an id that is no dot-atom is hashed: " + ids.get(2));
        }
    }

    @Test
    void theSubjectIsTheChatLineCutAtAWord() {
        String line = "[Vigil] Incident opened: feeder=f12, 12 series, 30 anomalies, peak severity 0.9, 2026-12-04 "
                + "10:00 UTC to 2026-12-04 10:20 UTC; most of it in feeder=f12.";
        String subject = MailSender.subject(line);
        assertTrue(subject.length() <= MailSender.MAX_SUBJECT && subject.endsWith("…")
                && line.startsWith(subject.substring(0, subject.length() - 1) + " "), "cut before a space: " + subject);
        assertEquals("short", MailSender.subject("short"));
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
            for (int i = 0; i < sends.size(); i++) {
                Sender.Attempt a = sends.get(i).join();
                assertFalse(a.delivered());
                assertFalse(a.permanent(), "tried again later");
                // a late one's deadline may pass before a thread is free, or the thread may come free past half of it
                assertTrue(a.error().equals("no answer within the timeout") || i >= MailSender.CONNECTIONS
                        && a.error().startsWith("not begun: the mail threads were busy"), a.error());
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis >= 750 && millis < 5_000, "bounded by the timeout: " + millis + " ms");
            Thread.sleep(1_000); // the threads are free again: a late one that waited past half its time stays unsent
            // (on a loaded machine a late one may get a thread before half its time, begin, and be cut like the rest)
            long notBegun = sends.stream().skip(MailSender.CONNECTIONS)
                    .filter(f -> f.join().error().startsWith("not begun")).count();
            assertTrue(held.size() >= MailSender.CONNECTIONS
                    && held.size() <= MailSender.CONNECTIONS + 2 - notBegun, "connections to the hanging relay: "
                    + held.size() + ", not begun: " + notBegun);
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

    /**
     * An SMTP relay of a few lines, each reply {@code delay} ms late: RCPT to an address with "refuse" in it is
     * refused (550), one with "later" put off (450); it counts the messages whose data ended.
     */
    private static final class ScriptedSmtp implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0);
        private final List<String> commands = new CopyOnWriteArrayList<>();
        private final AtomicInteger messages = new AtomicInteger();
        private final List<String> messageIds = new CopyOnWriteArrayList<>();
        private final long delay;

        ScriptedSmtp(long delay) throws IOException {
            this.delay = delay;
            Thread t = new Thread(this::serve, "scripted-smtp");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int messages() {
            return messages.get();
        }

        List<String> commands() {
            return commands;
        }

        List<String> messageIds() {
            return messageIds;
        }

        private void serve() {
            try {
                while (true) {
                    try (Socket s = server.accept()) {
                        dialogue(new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                                java.nio.charset.StandardCharsets.US_ASCII)), s.getOutputStream());
                    } catch (IOException cut) {
                        commands.add("(cut)");
                    }
                }
            } catch (Exception closed) {
                // the test is over
            }
        }

        private void dialogue(java.io.BufferedReader in, java.io.OutputStream out) throws IOException {
            reply(out, "220 scripted ESMTP");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                commands.add(line);
                String c = line.toUpperCase(java.util.Locale.ROOT);
                if (c.startsWith("EHLO") || c.startsWith("HELO")) {
                    reply(out, "250 scripted");
                } else if (c.startsWith("RCPT")) {
                    reply(out, c.contains("REFUSE") ? "550 5.1.1 no such user" : c.contains("LATER")
                            ? "450 4.2.0 greylisted" : "250 OK");
                } else if (c.startsWith("DATA")) {
                    reply(out, "354 go ahead");
                    for (String d = in.readLine(); d != null && !d.equals("."); d = in.readLine()) {
                        if (d.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                            messageIds.add(d.substring(11).trim());
                        }
                    }
                    messages.incrementAndGet();
                    reply(out, "250 queued");
                } else if (c.startsWith("QUIT")) {
                    reply(out, "221 bye");
                    return;
                } else {
                    reply(out, "250 OK");
                }
            }
        }

        private void reply(java.io.OutputStream out, String line) throws IOException {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write((line + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}

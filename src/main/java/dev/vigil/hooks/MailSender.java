package dev.vigil.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Address;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends one event as a plain-text mail to a {@code mailto:} hook's addresses through the SMTP server of
 * {@link MailConfig}: the subject is the event's chat line, shortened; the body the whole line, the link when there is
 * one, and the event itself for whoever wants every field. {@code X-Vigil-Event-Id} carries the event id, the same on
 * every attempt.
 *
 * <p>Jakarta Mail, blocking, on {@link #CONNECTIONS} threads of its own, one connection per mail. Not Quarkus' mailer:
 * its Vert.x client reads the server's greeting only after the connection is handed over, and a server that greets
 * at once (a relay on the same host) lost the greeting now and then, leaving the send to hang until the timeout.
 */
final class MailSender {

    static final int MAX_SUBJECT = 120;
    static final String EVENT_ID_HEADER = "X-Vigil-Event-Id";

    /**
     * Mail goes through one relay and is rare: this many sends at once, so a relay that hangs holds these threads and
     * no others; the rest wait their turn within their timeout.
     */
    static final int CONNECTIONS = 4;

    private final Properties properties;
    private final Authenticator authenticator;
    private final boolean ssl;
    private final InternetAddress from;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newFixedThreadPool(CONNECTIONS, job -> {
        Thread t = new Thread(job, "vigil-mail");
        t.setDaemon(true);
        return t;
    });

    MailSender(MailConfig config, Duration timeout) {
        this.properties = properties(config, timeout);
        this.authenticator = authenticator(config);
        this.ssl = config.ssl();
        try {
            this.from = new InternetAddress(config.from(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("vigil.mail.from is not a mail address: " + config.from(), e);
        }
        this.timeout = timeout;
    }

    void close() {
        executor.shutdownNow();
    }

    /** Jakarta Mail's session properties: every socket step bounded by the hooks' timeout. */
    static Properties properties(MailConfig config, Duration timeout) {
        Properties p = new Properties();
        String millis = Long.toString(timeout.toMillis());
        p.setProperty("mail.smtp.host", config.host());
        p.setProperty("mail.smtp.port", Integer.toString(config.port()));
        p.setProperty("mail.smtp.connectiontimeout", millis);
        p.setProperty("mail.smtp.timeout", millis);
        p.setProperty("mail.smtp.writetimeout", millis);
        p.setProperty("mail.smtp.auth", Boolean.toString(config.username().isPresent()));
        p.setProperty("mail.smtp.ssl.enable", Boolean.toString(config.ssl()));
        p.setProperty("mail.smtp.starttls.enable", Boolean.toString(config.startTls() != MailConfig.StartTls.DISABLED));
        // a login is never sent in clear where TLS may be had: a relay that offers no STARTTLS (or a man in the
        // middle who strips it) gets no password; only start-tls=disabled logs in without TLS, as asked
        boolean login = config.username().isPresent() && !config.ssl();
        p.setProperty("mail.smtp.starttls.required", Boolean.toString(config.startTls() == MailConfig.StartTls.REQUIRED
                || login && config.startTls() == MailConfig.StartTls.OPTIONAL));
        // the others still get a mail whose one address the relay refuses (the refusal is reported, not retried)
        p.setProperty("mail.smtp.sendpartial", "true");
        return p;
    }

    private static Authenticator authenticator(MailConfig config) {
        if (config.username().isEmpty()) {
            return null;
        }
        PasswordAuthentication login = new PasswordAuthentication(config.username().get(),
                config.password().orElse(""));
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return login;
            }
        };
    }

    /** The addresses of a {@code mailto:} URL (RFC 6068), comma-separated, percent-decoded. */
    static List<String> addresses(URI mailto) {
        String to = mailto.getSchemeSpecificPart();
        return Arrays.stream(to.split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList();
    }

    /**
     * Sends; the future never fails: a failure is an undelivered {@link Sender.Attempt}. The timeout counts from now,
     * waiting for a thread included; a mail that waited past half of it is not sent at all.
     */
    CompletableFuture<Sender.Attempt> send(String url, String id, String event, String dashboard) {
        CompletableFuture<Sender.Attempt> result = new CompletableFuture<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        Sockets sockets = new Sockets(ssl ? SSLSocketFactory.getDefault() : SocketFactory.getDefault());
        try {
            executor.execute(() -> {
                // a send begun with under half its time left would likely be cut off mid-dialogue: it is not begun
                // (tried again later like any timeout)
                if (deadline - System.nanoTime() < timeout.toNanos() / 2) {
                    result.complete(Sender.Attempt.failed(new TimeoutException(
                            "not begun: the mail threads were busy with other mails for half the timeout")));
                } else { // nothing completes the result before its deadline but this
                    result.complete(sendNow(url, id, event, dashboard, sockets));
                }
            });
        } catch (RejectedExecutionException e) {
            result.complete(Sender.Attempt.failed(e));
        }
        // a dialogue still going at the deadline is cut: one left to finish would deliver a mail counted as failed,
        // and the next attempt would deliver it again (a slow relay got every mail once per attempt)
        return result.completeOnTimeout(Sender.Attempt.failed(new TimeoutException()), timeout.toMillis(),
                TimeUnit.MILLISECONDS).whenComplete((a, e) -> sockets.close());
    }

    private Sender.Attempt sendNow(String url, String id, String event, String dashboard, Sockets sockets) {
        JsonNode node = HookBody.tree(event);
        String line = ChatText.of(node, dashboard);
        String subject = subject(ChatText.of(node, null));
        Properties own = new Properties();
        own.putAll(properties);
        // an instance, not a class name (Jakarta Mail takes either): the deadline closes what this send opened
        own.put(ssl ? "mail.smtp.ssl.socketFactory" : "mail.smtp.socketFactory", sockets);
        try {
            MimeMessage mail = new EventMail(Session.getInstance(own, authenticator), messageId(id, from));
            mail.setFrom(from);
            for (String to : addresses(URI.create(url))) {
                mail.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            }
            mail.setSubject(subject, StandardCharsets.UTF_8.name());
            mail.setText(line + "\n\n" + node.toPrettyString() + "\n", StandardCharsets.UTF_8.name());
            mail.setHeader(EVENT_ID_HEADER, id);
            mail.setSentDate(new Date());
            Transport.send(mail);
            return new Sender.Attempt(true, null, null, null);
        } catch (SendFailedException e) {
            return refused(e);
        } catch (AddressException e) {
            // an address stored before it was checked as it is now: it will not parse at the next attempt either
            return Sender.Attempt.permanent("not a mail address: " + e.getMessage());
        } catch (MessagingException | RuntimeException e) {
            return Sender.Attempt.failed(e);
        }
    }

    /**
     * The Message-ID of the mail of event {@code id}: the same for every attempt. A relay may accept a mail in the last
     * moment before the deadline cuts the dialogue; that attempt counts as failed and the next one sends the mail
     * again, and with the same Message-ID mail servers and clients that drop repeated Message-IDs show it once. An id
     * that is not a dot-atom (a hand-made test event's) is replaced by its SHA-256, so the header stays valid.
     */
    static String messageId(String id, InternetAddress from) {
        String local = id.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*") && id.length() <= 64 ? id : sha256(id);
        String address = from.getAddress();
        return "<vigil." + local + address.substring(address.lastIndexOf('@')) + ">";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A message whose Message-ID is fixed ({@link #messageId}) instead of made anew at every send. */
    private static final class EventMail extends MimeMessage {

        private final String messageId;

        EventMail(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /**
     * A mail some addresses did not get. Sent to any (the others still get it: {@code sendpartial}), or refused for
     * good, it is given up: sending again would repeat it to those who have it, or be refused again. Only a mail
     * nobody got, with addresses the relay put off for now (a 4xx, greylisting), is tried again.
     */
    static Sender.Attempt refused(SendFailedException e) {
        List<String> sent = texts(e.getValidSentAddresses());
        List<String> invalid = texts(e.getInvalidAddresses());
        List<String> later = texts(e.getValidUnsentAddresses());
        String why = replies(e);
        if (sent.isEmpty() && invalid.isEmpty()) {
            return Sender.Attempt.failed(new MessagingException("the mail server put off " + later + ": " + why));
        }
        List<String> missed = new ArrayList<>(invalid);
        missed.addAll(later);
        return Sender.Attempt.permanent((sent.isEmpty() ? "" : "delivered to " + sent + "; ")
                + "the mail server refused " + missed + ": " + why);
    }

    private static List<String> texts(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(Object::toString).toList();
    }

    /** The server's own words for each address, as Jakarta Mail chains them (its top message says only "Invalid"). */
    private static String replies(MessagingException e) {
        List<String> out = new ArrayList<>();
        for (Exception next = e.getNextException(); next != null && out.size() < 5;
             next = next instanceof MessagingException m ? m.getNextException() : null) {
            out.add(next.getMessage() == null ? next.getClass().getSimpleName() : next.getMessage().strip());
        }
        return out.isEmpty() ? String.valueOf(e.getMessage()) : String.join("; ", out);
    }

    /** The chat line without its link, cut at a word so no token is left half (a link's "htt…", a time's "UT…"). */
    static String subject(String line) {
        if (line.length() <= MAX_SUBJECT) {
            return line;
        }
        int cut = line.lastIndexOf(' ', MAX_SUBJECT - 1);
        return line.substring(0, cut > MAX_SUBJECT / 2 ? cut : MAX_SUBJECT - 1) + "…";
    }

    /**
     * Makes one send's sockets and closes them at its deadline: a blocked read or write then fails at once. STARTTLS
     * layers over the plain socket made here, so closing that ends the TLS dialogue too.
     */
    private static final class Sockets extends SocketFactory {

        private final SocketFactory inner;
        private final List<Socket> made = new CopyOnWriteArrayList<>();
        private volatile boolean closed;

        Sockets(SocketFactory inner) {
            this.inner = inner;
        }

        private Socket kept(Socket s) throws IOException {
            made.add(s);
            if (closed) {
                s.close(); // the deadline passed while it was made
            }
            return s;
        }

        void close() {
            closed = true;
            for (Socket s : made) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing is all that is wanted; a socket that fails to close is closed enough
                }
            }
        }

        @Override
        public Socket createSocket() throws IOException {
            return kept(inner.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return kept(inner.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return kept(inner.createSocket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return kept(inner.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return kept(inner.createSocket(host, port, local, localPort));
        }
    }
}

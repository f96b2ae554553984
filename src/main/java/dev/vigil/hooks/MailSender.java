package dev.vigil.hooks;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    private final Session session;
    private final InternetAddress from;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newFixedThreadPool(CONNECTIONS, job -> {
        Thread t = new Thread(job, "vigil-mail");
        t.setDaemon(true);
        return t;
    });

    MailSender(MailConfig config, Duration timeout) {
        this.session = Session.getInstance(properties(config, timeout), authenticator(config));
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
        p.setProperty("mail.smtp.starttls.required",
                Boolean.toString(config.startTls() == MailConfig.StartTls.REQUIRED));
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
        try {
            executor.execute(() -> {
                // a send begun with under half its time left would likely be cut off mid-dialogue, count as failed
                // and be sent again: a duplicate; it is not begun (tried again later like any timeout)
                if (deadline - System.nanoTime() < timeout.toNanos() / 2) {
                    result.complete(Sender.Attempt.failed(new TimeoutException()));
                } else { // nothing completes the result before its deadline but this
                    result.complete(sendNow(url, id, event, dashboard));
                }
            });
        } catch (RejectedExecutionException e) {
            result.complete(Sender.Attempt.failed(e));
        }
        return result.completeOnTimeout(Sender.Attempt.failed(new TimeoutException()), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private Sender.Attempt sendNow(String url, String id, String event, String dashboard) {
        JsonNode node = HookBody.tree(event);
        String line = ChatText.of(node, dashboard);
        String subject = line.length() <= MAX_SUBJECT ? line : line.substring(0, MAX_SUBJECT - 1) + "…";
        try {
            MimeMessage mail = new MimeMessage(session);
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
            // the server refused an address: sending again would refuse it again (and repeat the mail to the others)
            return e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0
                    ? Sender.Attempt.permanent("the mail server refused " + Arrays.toString(e.getInvalidAddresses())
                    + ": " + e.getMessage())
                    : Sender.Attempt.failed(e);
        } catch (MessagingException | RuntimeException e) {
            return Sender.Attempt.failed(e);
        }
    }
}

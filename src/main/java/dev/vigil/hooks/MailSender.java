package dev.vigil.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one event as a plain-text mail to a {@code mailto:} hook's addresses through the configured SMTP server
 * ({@code quarkus.mailer.*}): the subject is the event's chat line, shortened; the body the whole line, the link
 * when there is one, and the event itself for whoever wants every field. {@code X-Vigil-Event-Id} carries the event
 * id, the same on every attempt.
 */
final class MailSender {

    static final int MAX_SUBJECT = 120;
    static final String EVENT_ID_HEADER = "X-Vigil-Event-Id";

    private final ReactiveMailer mailer;
    private final Duration timeout;

    MailSender(ReactiveMailer mailer, Duration timeout) {
        this.mailer = mailer;
        this.timeout = timeout;
    }

    /** The addresses of a {@code mailto:} URL (RFC 6068), comma-separated, percent-decoded. */
    static List<String> addresses(URI mailto) {
        String to = mailto.getSchemeSpecificPart();
        return Arrays.stream(to.split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList();
    }

    /** Sends; the future never fails: a failure is an undelivered {@link Sender.Attempt}. */
    CompletableFuture<Sender.Attempt> send(String url, String id, String event, String dashboard) {
        JsonNode node = HookBody.tree(event);
        String line = ChatText.of(node, dashboard);
        String subject = line.length() <= MAX_SUBJECT ? line : line.substring(0, MAX_SUBJECT - 1) + "…";
        Mail mail = new Mail().setSubject(subject).setText(line + "\n\n" + node.toPrettyString() + "\n")
                .setTo(addresses(URI.create(url))).addHeader(EVENT_ID_HEADER, id);
        return mailer.send(mail).ifNoItem().after(timeout).fail()
                .map(ignored -> new Sender.Attempt(true, null, null, null))
                .onFailure().recoverWithItem(Sender.Attempt::failed)
                .subscribeAsCompletionStage();
    }
}

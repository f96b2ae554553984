package dev.vigil.ingestion;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends readings records Vigil cannot take to the dead-letter topic: the original key, value and headers, plus
 * {@code dead-letter-code}, {@code dead-letter-reason}, {@code dead-letter-field} (when a field is at fault) and
 * the original {@code dead-letter-topic}, {@code dead-letter-partition} and {@code dead-letter-offset}, which also
 * identify a record sent twice.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String CHANNEL = "readings-dlq";

    // longer than the channel's delivery.timeout.ms, so the producer's own verdict arrives first
    private static final long ACK_WAIT_SECONDS = 60;

    private final Emitter<byte[]> emitter;
    private final KafkaIngestionConfig config;

    // unbounded: one poll's dead letters at most (max.poll.records), sent and awaited before the next poll
    public DeadLetters(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<byte[]> emitter,
                       KafkaIngestionConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    /** Returns once Kafka acknowledged every letter; throws otherwise, and the caller tries the poll again. */
    public void send(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            ConsumerRecord<String, byte[]> r = letter.record();
            Message<byte[]> message = Message.of(r.value() == null ? new byte[0] : r.value(), () -> {
                ack.complete(null);
                return CompletableFuture.completedFuture(null);
            }, t -> {
                ack.completeExceptionally(t);
                return CompletableFuture.completedFuture(null);
            }).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withTopic(config.deadLetterTopic())
                    .withKey(r.key()).withHeaders(headers(letter)).build());
            emitter.send(message);
            acks.add(ack);
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ACK_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge " + letters.size() + " dead letters", e);
        }
    }

    private static RecordHeaders headers(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : letter.record().headers()) {
            if (!h.key().startsWith("dead-letter-")) {
                headers.add(h);
            }
        }
        add(headers, "dead-letter-code", letter.code());
        add(headers, "dead-letter-reason", letter.reason());
        add(headers, "dead-letter-field", letter.field());
        add(headers, "dead-letter-topic", letter.record().topic());
        add(headers, "dead-letter-partition", Integer.toString(letter.record().partition()));
        add(headers, "dead-letter-offset", Long.toString(letter.record().offset()));
        return headers;
    }

    private static void add(RecordHeaders headers, String key, String value) {
        if (value != null) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}

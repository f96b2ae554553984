package dev.vigil.ingestion;

import dev.vigil.ingestion.DeadLetterFormat.Outgoing;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends readings records Vigil cannot take to the dead-letter topic: the original key, value and headers, plus
 * {@code dead-letter-code}, {@code dead-letter-reason}, {@code dead-letter-field} (when a field is at fault) and
 * the original {@code dead-letter-topic}, {@code dead-letter-partition} and {@code dead-letter-offset}, which also
 * identify a record sent twice. A value over {@code dead-letter-max-value} is cut, and a letter Kafka refuses for
 * what it holds is sent again bare ({@link DeadLetterFormat}).
 *
 * <p>A refusal that concerns the record can never pass, so retrying it would hold every partition of the poll for
 * good: only a bare letter that Kafka refuses too is given up, and returned to be counted and logged. Every other
 * failure (a time-out, the broker away, no right to write the topic) is thrown, and the poll is tried again.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String CHANNEL = "readings-dlq";

    // longer than the channel's delivery.timeout.ms, so the producer's own verdict arrives first
    private static final long ACK_WAIT_SECONDS = 60;

    private final Emitter<byte[]> emitter;
    private final KafkaIngestionConfig config;
    private final MeterRegistry meters;

    // unbounded: one poll's dead letters at most (max.poll.records), sent and awaited before the next poll
    public DeadLetters(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<byte[]> emitter,
                       KafkaIngestionConfig config, MeterRegistry meters) {
        this.emitter = emitter;
        this.config = config;
        this.meters = meters;
    }

    /**
     * Returns once Kafka acknowledged every letter, in full or bare, with the letters it refused even bare (none as
     * a rule); throws when a letter may yet pass, and the caller tries the poll again.
     */
    public List<DeadLetter> send(List<DeadLetter> letters) {
        List<Outgoing> full = letters.stream().map(l -> DeadLetterFormat.full(l, config.deadLetterMaxValue())).toList();
        List<Throwable> refusals = deliver(full);
        List<DeadLetter> refused = new ArrayList<>();
        List<Outgoing> bare = new ArrayList<>();
        for (int i = 0; i < letters.size(); i++) {
            if (refusals.get(i) != null) {
                refused.add(letters.get(i));
                bare.add(DeadLetterFormat.bare(letters.get(i), refusals.get(i)));
            }
        }
        List<Throwable> again = deliver(bare);
        List<DeadLetter> dropped = new ArrayList<>();
        for (int i = 0; i < refused.size(); i++) {
            if (again.get(i) != null) {
                dropped.add(refused.get(i));
            }
        }
        return dropped;
    }

    /** Per record, null once acknowledged or the refusal that concerns it alone; throws on any other failure. */
    private List<Throwable> deliver(List<Outgoing> records) {
        List<CompletableFuture<Throwable>> outcomes = new ArrayList<>(records.size());
        for (Outgoing r : records) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Message<byte[]> message = Message.of(r.value(), () -> {
                outcome.complete(null);
                return CompletableFuture.completedFuture(null);
            }, t -> {
                outcome.complete(t == null ? new IllegalStateException("nacked without a cause") : t);
                return CompletableFuture.completedFuture(null);
            }).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withTopic(config.deadLetterTopic())
                    .withKey(r.key()).withHeaders(r.headers()).build());
            emitter.send(message);
            outcomes.add(outcome);
        }
        try {
            CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(ACK_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (Exception e) {
            throw failed(records.size(), e);
        }
        List<Throwable> refusals = new ArrayList<>(records.size());
        for (CompletableFuture<Throwable> outcome : outcomes) {
            Throwable failure = outcome.join();
            if (failure != null && DeadLetterFormat.refusal(failure) == null) {
                throw failed(records.size(), failure);
            }
            refusals.add(failure == null ? null : DeadLetterFormat.refusal(failure));
        }
        return refusals;
    }

    private IllegalStateException failed(int letters, Throwable cause) {
        meters.counter("vigil.readings.dead.letter.failures", "channel", "kafka").increment();
        return new IllegalStateException("the dead-letter topic did not take " + letters + " letters: " + cause, cause);
    }
}

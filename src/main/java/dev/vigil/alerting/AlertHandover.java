package dev.vigil.alerting;

import dev.vigil.observability.TraceContext;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.storage.OutboxStore.Pending;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The alert records this replica hands to the Kafka producer, as structured CloudEvents, and what became of them
 * ({@link Deliveries}): {@link AlertPublisher} marks a batch published only once each of its records is acknowledged.
 */
@ApplicationScoped
class AlertHandover {

    /** A record with no outcome after this many acknowledgement time-outs is given up on. */
    static final int ABANDON_AFTER_TIMEOUTS = 10;

    private final Emitter<String> emitter;
    private final AlertConfig config;
    private final Deliveries deliveries = new Deliveries();

    AlertHandover(@Channel(AlertPublisher.CHANNEL) Emitter<String> emitter, AlertConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    /** Gives up on the records that had no outcome in {@link #ABANDON_AFTER_TIMEOUTS} time-outs; returns how many. */
    int abandonStale() {
        return deliveries.abandon(System.nanoTime(), config.ackTimeout().toNanos() * ABANDON_AFTER_TIMEOUTS);
    }

    /** Records of earlier batches neither acknowledged nor refused yet. */
    int unresolved() {
        return deliveries.unresolved();
    }

    /** Records acknowledged after their batch gave up, whose rows are not marked published yet. */
    List<UUID> delivered() {
        return deliveries.delivered();
    }

    /** The rows of {@code ids} are marked published: nothing more to remember of them. */
    void settled(Collection<UUID> ids) {
        deliveries.settled(ids);
    }

    /** Hands the rows over and waits for their acknowledgements; throws if any is refused or late. */
    void send(List<Pending> rows) {
        long deadline = System.nanoTime() + config.ackTimeout().toNanos();
        // the first record alone: while the broker is away it is the only one handed over, instead of a whole batch
        // queued on the producer's sending thread, each record waiting there for metadata in turn (max.block.ms)
        await(List.of(hand(rows.get(0))), 1, rows.size(), deadline);
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (Pending pending : rows.subList(1, rows.size())) {
            acks.add(hand(pending));
        }
        await(acks, rows.size(), rows.size(), deadline);
    }

    private CompletableFuture<Void> hand(Pending pending) {
        OutboxRow row = pending.row();
        CompletableFuture<Void> ack = deliveries.hand(row.id(), System.nanoTime());
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
        String payload = row.payload();
        if (pending.traceparent() != null) {
            // W3C header for instrumented consumers, and the CloudEvent's own distributed-tracing attribute
            headers.add(TraceContext.TRACEPARENT, pending.traceparent().getBytes(StandardCharsets.UTF_8));
            payload = AlertEvents.withTraceparent(payload, pending.traceparent());
        }
        Message<String> message = Message.of(payload, () -> {
            ack.complete(null);
            return CompletableFuture.completedFuture(null);
        }, t -> {
            ack.completeExceptionally(t);
            return CompletableFuture.completedFuture(null);
        }).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(row.key()).withHeaders(headers).build());
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            ack.completeExceptionally(e); // never reached the producer
        }
        return ack;
    }

    /** Waits until {@code deadline} for the acknowledgements of alerts up to {@code upTo} of {@code total}. */
    private void await(List<CompletableFuture<Void>> acks, int upTo, int total, long deadline) {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge alerts " + (upTo - acks.size() + 1) + " to "
                    + upTo + " of " + total + " within " + config.ackTimeout(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused alerts of a batch of " + total, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }
}

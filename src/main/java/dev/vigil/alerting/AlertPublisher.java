package dev.vigil.alerting;

import dev.vigil.observability.TraceContext;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.storage.OutboxStore.Pending;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import org.jboss.logging.Logger;

/**
 * Drains the alert outbox to Kafka: locks a batch of pending rows, sends each as a structured CloudEvent, waits
 * for the broker's acknowledgement and only then marks them published. If Kafka is down the transaction rolls
 * back and the rows wait for the next drain: alerts are delayed, never lost. A record the producer still holds when
 * its batch gives up is tracked ({@link Deliveries}): no new batch goes out until each such record is acknowledged
 * or refused, and an acknowledged one is marked published instead of being sent again, so an outage, however long,
 * sends each alert once. An alert can still repeat (with the same id) after a crash between Kafka's acknowledgement
 * and the commit, and in the few other cases README "Operating Vigil" lists.
 */
@ApplicationScoped
public class AlertPublisher {

    public static final String CHANNEL = "alerts";
    private static final int MAX_LINKS = 64;
    /** A record with no outcome after this many acknowledgement time-outs is given up on. */
    private static final int ABANDON_AFTER_TIMEOUTS = 10;
    private static final Logger LOG = Logger.getLogger(AlertPublisher.class);

    private final Emitter<String> emitter;
    private final OutboxStore outbox;
    private final AlertConfig config;
    private final MeterRegistry meters;
    private final Tracer tracer;
    private final Deliveries deliveries = new Deliveries();

    public AlertPublisher(@Channel(CHANNEL) Emitter<String> emitter, OutboxStore outbox, AlertConfig config,
                          MeterRegistry meters, Tracer tracer) {
        this.emitter = emitter;
        this.outbox = outbox;
        this.config = config;
        this.meters = meters;
        this.tracer = tracer;
    }

    void registerMeters(@Observes StartupEvent ignored) {
        Gauge.builder("vigil.alerts.backlog", outbox, OutboxStore::backlog).register(meters);
        // at zero from the start, so that "nothing published" is a value an alert rule can see
        meters.counter("vigil.alerts.published");
    }

    @Scheduled(identity = "vigil-alerts", every = "{vigil.alerting.publish-every}",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        try {
            while (publishBatch() == config.batch()) {
                // a full batch means more may be waiting
            }
        } catch (RuntimeException e) {
            LOG.warnf("alert publishing deferred: %s", Failures.describe(e));
        }
    }

    /**
     * Publishes one batch and returns how many alerts went out; 0 without sending while records of an earlier batch
     * have no outcome yet. Throws if Kafka did not acknowledge them all in {@code vigil.alerting.ack-timeout}.
     */
    public int publishBatch() {
        long now = System.nanoTime();
        int abandoned = deliveries.abandon(now, config.ackTimeout().toNanos() * ABANDON_AFTER_TIMEOUTS);
        if (abandoned > 0) {
            LOG.errorf("gave up on %d alerts that Kafka neither acknowledged nor refused in %s; they may be sent twice",
                    abandoned, config.ackTimeout().multipliedBy(ABANDON_AFTER_TIMEOUTS));
        }
        int unresolved = deliveries.unresolved();
        if (unresolved > 0) {
            LOG.debugf("alert publishing waits: %d alerts of an earlier batch are still with the Kafka producer",
                    unresolved);
            return 0;
        }
        List<UUID> earlier = deliveries.delivered();
        List<UUID> published = sendBatch(earlier); // commits, or throws and rolls back
        deliveries.settled(earlier);
        deliveries.settled(published);
        return published.size();
    }

    /**
     * In one transaction: marks the records of earlier batches that Kafka acknowledged after their batch gave up,
     * then locks, sends and marks a batch. Returns the batch's ids.
     */
    @Transactional
    List<UUID> sendBatch(List<UUID> earlier) {
        if (!earlier.isEmpty()) {
            outbox.markPublished(earlier);
            meters.counter("vigil.alerts.published").increment(earlier.size());
        }
        List<Pending> rows = outbox.lockPending(config.batch());
        if (rows.isEmpty()) {
            return List.of();
        }
        // one span for the batch, linked to the runs that raised its alerts (a batch spans several traces)
        SpanBuilder builder = tracer.spanBuilder("vigil.alerts.publish").setSpanKind(SpanKind.PRODUCER)
                .setAttribute("vigil.alerts", rows.size());
        for (SpanContext run : TraceContext.parseAll(rows.stream().map(Pending::traceparent).toList(), MAX_LINKS)) {
            builder.addLink(run);
        }
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return send(rows);
        } catch (RuntimeException e) {
            span.recordException(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private List<UUID> send(List<Pending> rows) {
        long deadline = System.nanoTime() + config.ackTimeout().toNanos();
        // the first record alone: while the broker is away it is the only one handed over, instead of a whole batch
        // queued on the producer's sending thread, each record waiting there for metadata in turn (max.block.ms)
        await(List.of(hand(rows.get(0))), 1, rows.size(), deadline);
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (Pending pending : rows.subList(1, rows.size())) {
            acks.add(hand(pending));
        }
        await(acks, rows.size(), rows.size(), deadline);
        List<UUID> ids = rows.stream().map(p -> p.row().id()).toList();
        outbox.markPublished(ids);
        meters.counter("vigil.alerts.published").increment(ids.size());
        return ids;
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

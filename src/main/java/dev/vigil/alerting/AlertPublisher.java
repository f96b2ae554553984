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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Drains the alert outbox to Kafka: locks a batch of pending rows, sends each as a structured CloudEvent, waits
 * for the broker's acknowledgement and only then marks them published. If Kafka is down the transaction rolls
 * back and the rows wait for the next drain: alerts are delayed, never lost (and may repeat, with the same id).
 */
@ApplicationScoped
public class AlertPublisher {

    public static final String CHANNEL = "alerts";
    private static final int MAX_LINKS = 64;
    private static final Logger LOG = Logger.getLogger(AlertPublisher.class);

    private final Emitter<String> emitter;
    private final OutboxStore outbox;
    private final AlertConfig config;
    private final MeterRegistry meters;
    private final Tracer tracer;

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

    /** Publishes one batch and returns how many alerts went out. Throws if Kafka did not acknowledge them all. */
    @Transactional
    public int publishBatch() {
        List<Pending> rows = outbox.lockPending(config.batch());
        if (rows.isEmpty()) {
            return 0;
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

    private int send(List<Pending> rows) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (Pending pending : rows) {
            OutboxRow row = pending.row();
            CompletableFuture<Void> ack = new CompletableFuture<>();
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
            emitter.send(message);
            acks.add(ack);
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge the alerts", e);
        }
        List<UUID> ids = rows.stream().map(p -> p.row().id()).toList();
        if (!ids.isEmpty()) {
            outbox.markPublished(ids);
            meters.counter("vigil.alerts.published").increment(ids.size());
        }
        return ids.size();
    }
}

package dev.vigil.alerting;

import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.OutboxStore.OutboxRow;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
    private static final Logger LOG = Logger.getLogger(AlertPublisher.class);

    private final Emitter<String> emitter;
    private final OutboxStore outbox;
    private final AlertConfig config;
    private final MeterRegistry meters;

    public AlertPublisher(@Channel(CHANNEL) Emitter<String> emitter, OutboxStore outbox, AlertConfig config,
                          MeterRegistry meters) {
        this.emitter = emitter;
        this.outbox = outbox;
        this.config = config;
        this.meters = meters;
    }

    void registerBacklogGauge(@Observes StartupEvent ignored) {
        Gauge.builder("vigil.alerts.backlog", outbox, OutboxStore::backlog).register(meters);
    }

    @Scheduled(identity = "vigil-alerts", every = "{vigil.alerting.publish-every}",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        try {
            while (publishBatch() == config.batch()) {
                // a full batch means more may be waiting
            }
        } catch (RuntimeException e) {
            LOG.warnf("alert publishing deferred: %s", e.getMessage());
        }
    }

    /** Publishes one batch and returns how many alerts went out. Throws if Kafka did not acknowledge them all. */
    @Transactional
    public int publishBatch() {
        List<OutboxRow> rows = outbox.lockPending(config.batch());
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            RecordHeaders headers = new RecordHeaders();
            headers.add("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
            Message<String> message = Message.of(row.payload(), () -> {
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
        List<UUID> ids = rows.stream().map(OutboxRow::id).toList();
        if (!ids.isEmpty()) {
            outbox.markPublished(ids);
            meters.counter("vigil.alerts.published").increment(ids.size());
        }
        return ids.size();
    }
}

package dev.vigil.alerting;

import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.OutboxStore.Pending;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
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
    private static final Logger LOG = Logger.getLogger(AlertPublisher.class);

    private final AlertHandover handover;
    private final OutboxStore outbox;
    private final AlertConfig config;
    private final PublishingTelemetry telemetry;

    AlertPublisher(AlertHandover handover, OutboxStore outbox, AlertConfig config, PublishingTelemetry telemetry) {
        this.handover = handover;
        this.outbox = outbox;
        this.config = config;
        this.telemetry = telemetry;
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
        int abandoned = handover.abandonStale();
        if (abandoned > 0) {
            LOG.errorf("gave up on %d alerts that Kafka neither acknowledged nor refused in %s; they may be sent twice",
                    abandoned, config.ackTimeout().multipliedBy(AlertHandover.ABANDON_AFTER_TIMEOUTS));
        }
        int unresolved = handover.unresolved();
        if (unresolved > 0) {
            LOG.debugf("alert publishing waits: %d alerts of an earlier batch are still with the Kafka producer",
                    unresolved);
            return 0;
        }
        List<UUID> earlier = handover.delivered();
        List<UUID> published = sendBatch(earlier); // commits, or throws and rolls back
        handover.settled(earlier);
        handover.settled(published);
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
            telemetry.published(earlier.size());
        }
        List<Pending> rows = outbox.lockPending(config.batch());
        if (rows.isEmpty()) {
            return List.of();
        }
        Span span = telemetry.batchSpan(rows);
        try (Scope ignored = span.makeCurrent()) {
            handover.send(rows);
            List<UUID> ids = rows.stream().map(p -> p.row().id()).toList();
            outbox.markPublished(ids);
            telemetry.published(ids.size());
            return ids;
        } catch (RuntimeException e) {
            span.recordException(e);
            throw e;
        } finally {
            span.end();
        }
    }
}

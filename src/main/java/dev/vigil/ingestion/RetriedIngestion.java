package dev.vigil.ingestion;

import dev.vigil.storage.FaultKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * {@link KafkaIngestion} retried with back-off until a poll is stored, with the Kafka channel's counters: the storing
 * half of {@link ReadingsConsumer}, apart so that the consumer keeps only decoding and tracing. {@code @Singleton}
 * (no client proxy) so that it is made with the consumer and its counters exist from the start.
 */
@Singleton
class RetriedIngestion {

    private static final Logger LOG = Logger.getLogger(RetriedIngestion.class);

    private final KafkaIngestion ingestion;
    private final KafkaIngestionConfig config;
    private final MeterRegistry meters;
    private final CountDownLatch stopping = new CountDownLatch(1);

    RetriedIngestion(KafkaIngestion ingestion, KafkaIngestionConfig config, MeterRegistry meters) {
        this.ingestion = ingestion;
        this.config = config;
        this.meters = meters;
        // at zero from the start, so that a rule on their rate sees a value before the first fault
        meters.counter("vigil.readings.store.retries", "channel", "kafka");
        meters.counter("vigil.readings.dropped", "channel", "kafka");
        meters.counter("vigil.readings.dead.letter.failures", "channel", "kafka");
    }

    /**
     * Stores {@code poll}, retrying any failure with back-off until it passes; returns without storing anything only
     * when the application stops meanwhile.
     */
    void store(Poll poll) {
        Backoff backoff = new Backoff(config.retryMin(), config.retryMax());
        for (int failures = 0; ; failures++) {
            try {
                KafkaIngestion.Outcome outcome = ingestion.accept(poll);
                count(outcome);
                if (failures > 0) {
                    LOG.infof("readings stored again after %d failed attempts", failures);
                }
                return;
            } catch (RuntimeException e) {
                meters.counter("vigil.readings.store.retries", "channel", "kafka").increment();
                Duration wait = backoff.next();
                if (failures == 0 || Integer.bitCount(failures) == 1) {
                    LOG.warnf("readings not stored (attempt %d, %s fault%s), retrying in %s: %s", failures + 1,
                            FaultKind.of(e), sqlState(e), wait, e.getMessage());
                }
                if (!pause(wait)) {
                    // shutting down: nothing of this poll is stored, so the next start reads it again
                    return;
                }
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping.countDown();
    }

    private void count(KafkaIngestion.Outcome outcome) {
        meters.counter("vigil.readings.accepted", "channel", "kafka").increment(outcome.accepted());
        meters.counter("vigil.readings.duplicate", "channel", "kafka").increment(outcome.duplicates());
        if (outcome.skipped() > 0) {
            meters.counter("vigil.readings.fenced", "channel", "kafka").increment(outcome.skipped());
        }
        for (DeadLetter d : outcome.deadLettered()) {
            if (d.invalid()) {
                meters.counter("vigil.readings.rejected", "channel", "kafka", "code", d.code()).increment();
            }
            meters.counter("vigil.readings.dead.lettered", "channel", "kafka", "code", d.code()).increment();
            LOG.warnf("dead-lettered %s-%d@%d: %s (%s)", d.record().topic(), d.record().partition(),
                    d.record().offset(), d.reason(), d.code());
        }
        for (DeadLetter d : outcome.dropped()) {
            meters.counter("vigil.readings.dropped", "channel", "kafka").increment();
            LOG.errorf("dropped %s-%d@%d: Kafka refused its dead letter even without value and headers; the record "
                    + "stays in its topic until retention ends: %s (%s)", d.record().topic(), d.record().partition(),
                    d.record().offset(), d.reason(), d.code());
        }
    }

    /** Waits, or returns false at once when the application is stopping. */
    private boolean pause(Duration wait) {
        try {
            return !stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String sqlState(RuntimeException e) {
        String state = FaultKind.sqlState(e);
        return state == null ? "" : ", SQLState " + state;
    }
}

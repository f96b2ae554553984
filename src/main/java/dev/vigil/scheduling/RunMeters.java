package dev.vigil.scheduling;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The detection run's meters on this replica; they read 0 ("no run yet") from the application's start. */
@Startup
@ApplicationScoped
class RunMeters {

    private final MeterRegistry meters;
    /** Epoch seconds of the last run that ended with no failed shard: operators alert when it falls behind. */
    private final AtomicLong lastCompleted = new AtomicLong();

    RunMeters(MeterRegistry meters) {
        this.meters = meters;
        Gauge.builder("vigil.detection.last.completed", lastCompleted, AtomicLong::get).baseUnit("seconds")
                .description("epoch seconds when a run last ended on this replica with no failed shard (0: none yet)")
                .register(meters);
        meters.counter("vigil.detection.shard.failures"); // at 0 from the start: an alert compares increases
    }

    /** Counted when it happens, not when the run ends: a run that never ends must still show its failures. */
    void shardFailed() {
        meters.counter("vigil.detection.shard.failures").increment();
    }

    /** A run ended; {@code complete}: no shard failed and the replica did not stop during it. */
    void ran(DetectionRun.Report report, int series, Instant now, boolean complete) {
        Timer.builder("vigil.detection.run").register(meters).record(Duration.ofMillis(report.millis()));
        meters.counter("vigil.detection.windows.scored").increment(report.windowsScored());
        meters.counter("vigil.detection.series.scored").increment(series);
        meters.counter("vigil.detection.anomalies").increment(report.anomalies());
        meters.counter("vigil.detection.series.quarantined").increment(report.seriesQuarantined());
        if (complete) {
            lastCompleted.set(now.getEpochSecond());
        }
    }
}

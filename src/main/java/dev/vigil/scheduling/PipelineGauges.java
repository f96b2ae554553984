package dev.vigil.scheduling;

import dev.vigil.storage.OverviewStore.Backlog;
import dev.vigil.storage.PipelineCounts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Gauges of detection's health that need a query: windows waiting to be scored, the age of the oldest of them, and
 * series in quarantine. A scrape must never wait on the database, so they are refreshed on their own schedule
 * ({@code vigil.detection.gauges-every}) and read from memory; -1 until the first refresh succeeds.
 */
@Startup
@ApplicationScoped
public class PipelineGauges {

    private static final Logger LOG = Logger.getLogger(PipelineGauges.class);

    private final PipelineCounts counts;
    private final Clock clock;
    private final AtomicLong pending = new AtomicLong(-1);
    private final AtomicLong oldestAgeSeconds = new AtomicLong(-1);
    private final AtomicLong quarantined = new AtomicLong(-1);
    private final AtomicLong silent = new AtomicLong(-1);
    private final AtomicLong ready = new AtomicLong(-1);
    private final SmallRyeHealthReporter health;

    public PipelineGauges(PipelineCounts counts, Clock clock, MeterRegistry meters, SmallRyeHealthReporter health) {
        this.counts = counts;
        this.health = health;
        this.clock = clock;
        Gauge.builder("vigil.detection.backlog.windows", pending, AtomicLong::get)
                .description("closed windows waiting to be scored").register(meters);
        Gauge.builder("vigil.detection.backlog.oldest.age", oldestAgeSeconds, AtomicLong::get).baseUnit("seconds")
                .description("age of the oldest window waiting to be scored (0 when none waits)").register(meters);
        Gauge.builder("vigil.detection.quarantined.series", quarantined, AtomicLong::get)
                .description("series set aside after a scoring failure").register(meters);
        Gauge.builder("vigil.series.silent", silent, AtomicLong::get)
                .description("series that stopped sending data (an open silence)").register(meters);
        // the readiness probe's verdict as a metric, so that a rule can alert on it where Prometheus scrapes
        Gauge.builder("vigil.ready", ready, AtomicLong::get)
                .description("1 when the readiness checks pass, 0 when one fails, -1 before the first check")
                .register(meters);
    }

    @Scheduled(identity = "vigil-gauges", every = "{vigil.detection.gauges-every}",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void refresh() {
        try {
            PipelineCounts.Counts c = counts.read();
            Backlog b = c.detectionBacklog();
            pending.set(b.pendingWindows());
            oldestAgeSeconds.set(b.oldestPending() == null ? 0
                    : Math.max(0, clock.instant().getEpochSecond() - b.oldestPending().getEpochSecond()));
            quarantined.set(c.quarantinedSeries());
            silent.set(c.silentSeries());
        } catch (RuntimeException e) {
            LOG.debugf("pipeline gauges not refreshed: %s", e.getMessage());
        }
        try {
            ready.set(health.getReadiness().isDown() ? 0 : 1);
        } catch (RuntimeException e) {
            ready.set(0);
            LOG.debugf("readiness not checked: %s", e.getMessage());
        }
    }
}

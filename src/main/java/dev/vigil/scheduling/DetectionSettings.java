package dev.vigil.scheduling;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import dev.vigil.groups.GroupConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks detection's settings before anything uses them, so that a replica with a setting it cannot work with stops at
 * its start naming the key, instead of starting and then failing every run (a chunk of 0 failed each shard at once, and
 * the run took the shard again and again), scoring next to nothing (a budget of 0 scored 10 windows a run) or letting
 * claims pass from replica to replica (a lease of 0).
 */
@ApplicationScoped
class DetectionSettings {

    /** The shortest lease: a chunk of 2,000 windows commits in well under a second, a claim must outlive many. */
    static final Duration MIN_LEASE = Duration.ofSeconds(10);
    /** Shards split a run between replicas and cores; more than this buys nothing on any fleet (README, scale). */
    static final int MAX_SHARDS = 256;

    private static final CronParser QUARTZ =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    // before every other start-up observer: the scheduler and the pending index read these settings
    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, DetectionConfig detection,
               GroupConfig groups) {
        List<String> problems = problems(detection, groups.trainingCron());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("detection settings: " + String.join("; ", problems));
        }
    }

    static List<String> problems(DetectionConfig c, String trainingCron) {
        List<String> out = new ArrayList<>();
        cron("vigil.detection.cron", c.cron(), out);
        cron("vigil.groups.training-cron", trainingCron, out);
        if (c.shards() < 1 || c.shards() > MAX_SHARDS) {
            out.add("vigil.detection.shards must be 1 to " + MAX_SHARDS + ", was " + c.shards());
        }
        if (c.maxWindowsPerRun() < c.shards()) {
            out.add("vigil.detection.max-windows-per-run must be at least vigil.detection.shards (" + c.shards()
                    + ": every shard's share is at least one window), was " + c.maxWindowsPerRun());
        }
        if (c.chunk() < 1) {
            out.add("vigil.detection.chunk must be at least 1, was " + c.chunk());
        }
        c.parallelShards().filter(n -> n < 1).ifPresent(n ->
                out.add("vigil.detection.parallel-shards must be at least 1 (or unset: one per core), was " + n));
        if (c.lease().compareTo(MIN_LEASE) < 0) {
            out.add("vigil.detection.lease must be at least " + MIN_LEASE.toSeconds() + " s, was " + c.lease());
        }
        if (c.sensitivity() < 0 || c.sensitivity() > 99) {
            out.add("vigil.detection.sensitivity must be 0 to 99, was " + c.sensitivity());
        }
        if (c.delay().isNegative()) {
            out.add("vigil.detection.delay must not be negative, was " + c.delay());
        }
        if (c.quarantineBackoff().compareTo(Duration.ZERO) <= 0
                || c.quarantineMaxBackoff().compareTo(c.quarantineBackoff()) < 0) {
            out.add("vigil.detection.quarantine-backoff must be positive and at most "
                    + "vigil.detection.quarantine-max-backoff, were " + c.quarantineBackoff() + " and "
                    + c.quarantineMaxBackoff());
        }
        if (c.shutdownGrace().isNegative()) {
            out.add("vigil.detection.shutdown-grace must not be negative, was " + c.shutdownGrace());
        }
        return out;
    }

    /** Quartz cron as the scheduler reads it, or {@code off}. */
    private static void cron(String key, String text, List<String> out) {
        if ("off".equals(text)) {
            return;
        }
        try {
            QUARTZ.parse(text).validate();
        } catch (IllegalArgumentException e) {
            out.add(key + " must be a Quartz cron expression (seconds minutes hours day-of-month month "
                    + "day-of-week, e.g. 0 0/15 * * * ?) or off, was '" + text + "': " + e.getMessage());
        }
    }
}

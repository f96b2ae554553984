package dev.vigil.scheduling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "vigil.detection")
public interface DetectionConfig {

    /** Quartz cron of the scheduled run; {@code off} disables it (runs then come by CloudEvent or HTTP). */
    @WithDefault("0 0/15 * * * ?")
    String cron();

    /** How long after a window closes it waits for late data before it is scored. */
    @WithDefault("PT2M")
    Duration delay();

    /** Shards per run; each is claimed by one replica. Changing it only affects runs not yet claimed. */
    @WithDefault("8")
    int shards();

    /** Most windows one run scores over all shards; the rest wait for the next run (catch-up in steps). */
    @WithDefault("200000")
    int maxWindowsPerRun();

    /**
     * Shards this replica scores at once, each on its own thread and transaction; absent: one per available core.
     * Bounded by {@link #shards}. Claims stay one shard at a time per worker, so replicas still split a run.
     */
    Optional<Integer> parallelShards();

    /** Windows scored per transaction. */
    @WithDefault("2000")
    int chunk();

    /** How long a claim is held before another replica may take it over. */
    @WithDefault("PT10M")
    Duration lease();

    /**
     * Sensitivity of the streaming detector, 0..99: higher narrows the band and lowers the surprisal needed to flag.
     * One value for every series; changing it applies to stored detector state at the next run. The default, 96,
     * flags at a surprisal of 3, NAB's optimiser's threshold on the raw scores (BENCHMARKS.md); each point less
     * asks 0.1 decade more (85, the library's own default: 4.1).
     */
    @WithDefault("96")
    int sensitivity();

    /**
     * Windows whose nearer neighbour is this far or farther ({@link CoarseWindows}: a series' windows from this step
     * up) are judged by the batch engine ({@code vigil-batch}: each new window as the last point of up to a year of its
     * series' windows) instead of the streaming detector, which would need 288 of their windows to warm up. Set it
     * longer than any step to judge every series with the streaming detector. Half a day, not a day: a daily job
     * whose readings drift by a few minutes lands a window early now and then, a gap just under a day, and at any
     * step of 12 hours or more the streaming detector's warm-up would last 144 days or longer anyway.
     */
    @WithDefault("PT12H")
    Duration coarseStep();

    /**
     * How long a series that failed to score (its detector threw, its state would not restore or its rows would not
     * store) waits before the next try; each further failure doubles the wait, up to {@link #quarantineMaxBackoff}.
     */
    @WithDefault("PT15M")
    Duration quarantineBackoff();

    /** The longest wait between two tries of a quarantined series. */
    @WithDefault("PT24H")
    Duration quarantineMaxBackoff();

    /**
     * At shutdown, how long the run in progress may take to commit its current chunk before this replica's
     * unfinished claims are handed back to the others.
     */
    @WithDefault("PT20S")
    Duration shutdownGrace();

    /**
     * How often the backlog and quarantine gauges are refreshed by a query ({@code off} disables it); a metrics
     * scrape only reads memory.
     */
    @WithDefault("30s")
    String gaugesEvery();
}

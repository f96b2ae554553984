package dev.vigil.scheduling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long Vigil keeps what it stores, and how its time partitions are laid out (README, "Storage"). */
@ConfigMapping(prefix = "vigil.retention")
public interface RetentionConfig {

    /** Windows older than this (by window start) are dropped with their partition. */
    @WithDefault("P400D")
    Duration windows();

    /** Results older than this (by window start) are dropped with their partition; change points go with them. */
    @WithDefault("P400D")
    Duration results();

    /** Group (multivariate) results older than this (by window start) are dropped with their partition. */
    @WithDefault("P400D")
    Duration groupResults();

    /**
     * Alert decisions older than this (by window start) are dropped with their partition, group decisions in batches.
     */
    @WithDefault("P400D")
    Duration decisions();

    /**
     * Incident anomalies older than this (by window start) are dropped with their partition, and resolved incidents
     * whose last window is older are deleted, and so are silences that ended before it.
     */
    @WithDefault("P400D")
    Duration incidents();

    /** Width of a new time partition of windows and results; existing partitions keep theirs. */
    @WithDefault("P7D")
    Duration partitionSpan();

    /** How far past now partitions exist, created at start and by every housekeeping run. */
    @WithDefault("P14D")
    Duration ahead();

    /** Published alerts are deleted from the outbox this long after they were written. */
    @WithDefault("P7D")
    Duration publishedAlerts();

    /** Hook deliveries that were sent, given up or skipped (maxAge) are deleted this long after they were written. */
    @WithDefault("P7D")
    Duration hookDeliveries();

    /** Completed detection claims (the run history of /api/v1/runs) are kept this long. */
    @WithDefault("P30D")
    Duration finishedClaims();

    /** Rows per delete when pruning the outbox, claims, event ids and the default partitions. */
    @WithDefault("5000")
    int batch();
}

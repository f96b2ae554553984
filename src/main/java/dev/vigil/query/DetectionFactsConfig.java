package dev.vigil.query;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/**
 * The detection keys the query side reports, read as their own view so that {@code query} needs nothing of
 * {@code scheduling}; their defaults stay where detection declares them ({@code DetectionConfig}).
 */
@ConfigMapping(prefix = "vigil.detection")
public interface DetectionFactsConfig {

    /** Shards per detection run ({@code vigil.detection.shards}). */
    int shards();

    /** The step from which a series is coarse, judged by the batch engine ({@code vigil.detection.coarse-step}). */
    Duration coarseStep();
}

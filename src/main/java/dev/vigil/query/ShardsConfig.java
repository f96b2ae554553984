package dev.vigil.query;

import io.smallrye.config.ConfigMapping;

/**
 * The one detection key the query side reports, read as its own view so that {@code query} needs nothing of
 * {@code scheduling}; its default stays where detection declares it ({@code DetectionConfig}).
 */
@ConfigMapping(prefix = "vigil.detection")
public interface ShardsConfig {

    /** Shards per detection run ({@code vigil.detection.shards}). */
    int shards();
}

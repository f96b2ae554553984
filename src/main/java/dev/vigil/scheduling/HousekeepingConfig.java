package dev.vigil.scheduling;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * When retention runs ({@link HousekeepingJob}); what it keeps is {@link RetentionConfig}. Only the schedule's
 * expression reads the key: the mapping makes it a known setting and holds its default, and is kept although no bean
 * injects it (removed, its default did not reach the expression and a production start failed).
 */
@ConfigMapping(prefix = "vigil.housekeeping")
@Unremovable
public interface HousekeepingConfig {

    /** How often retention runs: partitions ahead, expired partitions dropped, pruning ({@code off}: never). */
    @WithDefault("1h")
    String every();
}

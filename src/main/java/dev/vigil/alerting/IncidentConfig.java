package dev.vigil.alerting;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How anomalies are grouped into incidents (README "Incidents"). */
@ConfigMapping(prefix = "vigil.incidents")
public interface IncidentConfig {

    /** Whether incidents are published as CloudEvents on the alerts topic. */
    @WithDefault("true")
    boolean events();

    /**
     * An anomaly joins an incident of its scope when it lies within this much window time of the incident's span;
     * an incident no anomaly joined for this long (before the run's cutoff) is resolved.
     */
    @WithDefault("PT2H")
    Duration quietPeriod();

    /** Anomalies this close in window time count as simultaneous when a shared dimension value is looked for. */
    @WithDefault("PT30M")
    Duration coincidence();

    /** A dimension value scopes one incident for many entities when at least this many are anomalous with it... */
    @WithDefault("3")
    int minEntities();

    /** ...and at least this share of all entities with that value (so region=north does not swallow a feeder). */
    @WithDefault("0.5")
    double minShare();
}

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

    /**
     * The quiet period counted in windows of the data's step: an incident's is max({@link #quietPeriod()}, this
     * many times the largest step of its anomalies), so an hourly series is not quiet after two of its windows.
     * 24 keeps the meaning {@code PT2H} has at the default 5-minute window; 0 counts in time only.
     */
    @WithDefault("24")
    int quietWindows();

    /**
     * A new incident opens only when its anomalies include one at least this severe, or two (of any series or group
     * anomaly of its scope, within its quiet period); a lone weaker anomaly stays a result and a decision, and opens
     * an incident only if a companion comes within the quiet period. 0.6 is a surprisal 1.5 times the detector's
     * threshold, chosen from the false-incident table of README "Sensitivity" (FalseIncidentRate), not from the
     * demo; 0 opens an incident on every anomaly.
     */
    @WithDefault("0.6")
    double openSeverity();

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

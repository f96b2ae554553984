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
     * 24 keeps the meaning {@code PT2H} has at the default 5-minute window; a coarse step counts at most 2
     * ({@link IncidentSpans}); 0 counts in time only.
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

    /**
     * The coincidence span counted in windows of the data's step: max({@link #coincidence()}, this many times the
     * step of the span's first anomaly), so hourly data is not looked at one window at a time. 6 keeps the meaning
     * {@code PT30M} has at the default 5-minute window (as {@link #quietWindows()} does for the quiet period); a
     * coarse step counts at most 1 ({@link IncidentSpans}); 0 counts in time only.
     */
    @WithDefault("6")
    int coincidenceWindows();

    /**
     * A dimension value (or the fleet) scopes one incident for many entities only when at least this many are
     * anomalous with it...
     */
    @WithDefault("3")
    int minEntities();

    /**
     * ...and independent false alarms would make that many anomalous within the coincidence span with at most this
     * probability (a binomial tail at the detector's measured false-alarm rate per window for its sensitivity, the
     * batch engine's for coarse series, {@link ChanceFlags}, README "Incidents"). A chance merge only joins false alarms that would each have been an incident; 1e-4 keeps it below
     * about one a day for 100,000 five-minute series on 5,000 feeders (some 200 values reach 3 anomalous entities
     * by chance in a 30-minute span, 48 spans a day).
     */
    @WithDefault("1e-4")
    double significance();
}

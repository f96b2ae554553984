package dev.vigil.alerting;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "vigil.alerting")
public interface AlertConfig {

    /** Least severity (0..1) that the default rule alerts on; anomalies below it are stored but not published. */
    @WithDefault("0.0")
    double minSeverity();

    /** How often the publisher drains the outbox ({@code off} disables the schedule). */
    @WithDefault("5s")
    String publishEvery();

    /**
     * How long a batch waits for Kafka's acknowledgements before it rolls back. Longer than the alerts producer
     * takes to settle a record while the broker is away: its {@code max.block.ms} plus twice its
     * {@code delivery.timeout.ms} (the connector sends a refused record again until the delivery time-out has passed
     * once more), 45 s as configured; and shorter than the transaction time-out (60 s). A record still with the
     * producer after the wait holds back the next batch until it is settled (AlertPublisher).
     */
    @WithDefault("PT50S")
    Duration ackTimeout();

    /** Most alerts sent per publisher transaction. */
    @WithDefault("500")
    int batch();

    /** Whether an alerted anomaly is published as its own {@code dev.vigil.anomaly.detected.v1} event. */
    @WithDefault("true")
    boolean anomalyEvents();

    /** The rule for series that no stored rule covers (README "Alert rules"). */
    DefaultRule defaultRule();

    /** How notAnomaly feedback is generalised to later anomalies of the series. */
    Feedback feedback();

    interface DefaultRule {

        /** {@code up}, {@code down} or {@code both}. */
        @WithDefault("both")
        String direction();

        /** Anomalous windows in a row before one alerts. */
        @WithDefault("1")
        int minConsecutive();

        /**
         * After an alert, no further alert for the same series for this long (window time); on a coarse series at
         * least two of its steps ({@code DecisionLedger#fitted}).
         */
        @WithDefault("PT1H")
        Duration snooze();

        /** Most alerts per hour of window time; the rest are capped, with one summary event per hour. */
        @WithDefault("100")
        int maxPerHour();

        /**
         * An anomaly below this severity alerts (and counts towards incidents) only when its series or entity was
         * also anomalous in one of its previous {@link #confirmWindows()} windows: a lone weak flag stays a stored
         * result. 0.6 is a surprisal 1.5 times the threshold; chosen from the false-incident table of README
         * "Sensitivity" (FalseIncidentRate), not from the demo. 0 turns it off.
         */
        @WithDefault("0.6")
        double confirmBelow();

        /**
         * How many windows of the data's step back a companion anomaly confirms a weak one; on a coarse series at most
         * two ({@code DecisionLedger#fitted}).
         */
        @WithDefault("24")
        int confirmWindows();
    }

    interface Feedback {

        /** A later deviation up to this many times the dismissed one's size is dismissed too. */
        @WithDefault("1.5")
        double tolerance();

        /** ... when it falls within this time of day of the dismissed windows. */
        @WithDefault("PT1H")
        Duration timeOfDayMargin();
    }
}

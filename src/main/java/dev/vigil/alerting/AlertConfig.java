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

        /** After an alert, no further alert for the same series for this long (window time). */
        @WithDefault("PT1H")
        Duration snooze();

        /** Most alerts per hour of window time; the rest are capped, with one summary event per hour. */
        @WithDefault("100")
        int maxPerHour();
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

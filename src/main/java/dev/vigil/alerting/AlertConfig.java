package dev.vigil.alerting;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "vigil.alerting")
public interface AlertConfig {

    /** Anomalies below this severity (0..1) are stored but not published. */
    @WithDefault("0.0")
    double minSeverity();

    /** How often the publisher drains the outbox ({@code off} disables the schedule). */
    @WithDefault("5s")
    String publishEvery();

    /** Most alerts sent per publisher transaction. */
    @WithDefault("500")
    int batch();
}

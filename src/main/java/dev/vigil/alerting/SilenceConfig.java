package dev.vigil.alerting;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** When a series that stopped sending data is reported (README "Silence"). */
@ConfigMapping(prefix = "vigil.silence")
public interface SilenceConfig {

    /** Whether the pass after each detection run looks for silent series at all. */
    @WithDefault("true")
    boolean enabled();

    /** A series is silent once its newest window is older than max(this, {@link #windows()} steps of its data). */
    @WithDefault("PT30M")
    Duration after();

    /**
     * Silence counted in the series' own step (the least gap between the windows its last run scored): six missed
     * windows, so 30 minutes of 5-minute data and 6 hours of hourly data; a late reading is not a silence.
     */
    @WithDefault("6")
    int windows();

    /** A series last heard from longer ago than this is not reported (it stopped before; also at first start). */
    @WithDefault("P7D")
    Duration horizon();

    /**
     * At most this many silences a pass reports one by one; the rest are stored and summed up in one
     * {@code dev.vigil.silence.capped.v1} event, so a broken feed is one message, not one per series.
     */
    @WithDefault("100")
    int maxEvents();
}

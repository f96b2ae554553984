package dev.vigil.ingestion;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Window settings, read by ingestion (to aggregate) and by the detection run (to know when a window closed). */
@ConfigMapping(prefix = "vigil.aggregation")
public interface AggregationConfig {

    /** Window size; whole seconds dividing a day. Changing it on a populated database mixes window sizes. */
    @WithDefault("PT5M")
    Duration window();
}

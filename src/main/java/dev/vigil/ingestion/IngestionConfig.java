package dev.vigil.ingestion;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "vigil.ingestion")
public interface IngestionConfig {

    /** Most readings accepted in one event or request; a larger batch is rejected whole. */
    @WithDefault("10000")
    int maxBatch();

    /** How far past the receiving clock a reading's timestamp may lie. */
    @WithDefault("PT1H")
    Duration maxFuture();

    /** How far before the receiving clock a reading's timestamp may lie. */
    @WithDefault("P3650D")
    Duration maxAge();

    /** How long a CloudEvent's (source, id) is remembered to drop redeliveries. */
    @WithDefault("P7D")
    Duration dedupHorizon();
}

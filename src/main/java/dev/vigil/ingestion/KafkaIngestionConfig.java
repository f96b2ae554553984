package dev.vigil.ingestion;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "vigil.ingestion.kafka")
public interface KafkaIngestionConfig {

    /** Topic that receives readings records Vigil cannot take (invalid, or refused by PostgreSQL), with the reason. */
    @WithDefault("vigil.readings.dlq")
    String deadLetterTopic();

    /**
     * Bytes of a record's value that its dead letter keeps at most; a longer value is cut (header
     * {@code dead-letter-truncated}). Keep it well below the dead-letter producer's {@code max.request.size} and the
     * topic's {@code max.message.bytes} (both 1 MiB by default): the readings topic may take larger records.
     */
    @WithDefault("262144")
    int deadLetterMaxValue();

    /** First wait before a poll is stored again after a transient fault (PostgreSQL down, deadlock, ...). */
    @WithDefault("PT0.5S")
    Duration retryMin();

    /** Longest wait between two attempts; the wait doubles from {@code retry-min} up to this. */
    @WithDefault("PT30S")
    Duration retryMax();
}

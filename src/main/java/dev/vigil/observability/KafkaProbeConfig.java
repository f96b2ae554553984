package dev.vigil.observability;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a replica checks that it reaches Kafka ({@code vigil_kafka_reachable}). */
@ConfigMapping(prefix = "vigil.kafka-probe")
public interface KafkaProbeConfig {

    /** How often the probe asks the cluster to describe itself ({@code off} disables the schedule). */
    @WithDefault("30s")
    String every();

    /** How long one probe waits for the answer before it counts Kafka unreachable. */
    @WithDefault("PT5S")
    Duration timeout();
}

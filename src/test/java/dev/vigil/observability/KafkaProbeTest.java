package dev.vigil.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bootstrap address nobody listens on ({@code VIGIL_KAFKA_BOOTSTRAP=127.0.0.1:1}) reads 0, within the probe's
 * time-out. The broker going away and coming back: OutageTest.
 */
class KafkaProbeTest {

    @Test
    void anUnreachableBootstrapReadsZero() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        KafkaProbe probe = new KafkaProbe(Map.of("bootstrap.servers", "127.0.0.1:1"), new KafkaProbeConfig() {
            @Override
            public String every() {
                return "off";
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(2);
            }
        }, meters);
        try {
            assertEquals(-1.0, meters.get("vigil.kafka.reachable").gauge().value(), "before the first probe");
            long start = System.nanoTime();
            assertFalse(probe.probe());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
            assertEquals(0.0, meters.get("vigil.kafka.reachable").gauge().value());
        } finally {
            probe.close();
        }
    }
}

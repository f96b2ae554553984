package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingDefaultsTest {

    @Test
    void offWithoutACollector() {
        assertEquals(Map.of("quarkus.otel.sdk.disabled", "true"), TracingDefaults.properties(Map.of(), Map.of()));
    }

    @Test
    void onAndPointedAtTheCollectorVigilIsGiven() {
        assertEquals(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"),
                TracingDefaults.properties(Map.of("VIGIL_OTLP_ENDPOINT", " http://collector:4317 "), Map.of()));
    }

    @Test
    void quarkusOwnSettingsAreLeftToDecide() {
        assertEquals(Map.of(), TracingDefaults.properties(
                Map.of("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318"), Map.of()));
        assertEquals(Map.of(), TracingDefaults.properties(Map.of(), Map.of("quarkus.otel.sdk.disabled", "false")));
    }
}

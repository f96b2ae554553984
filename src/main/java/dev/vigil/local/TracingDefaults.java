package dev.vigil.local;

import java.util.Map;

/**
 * Tracing is off unless a collector is named: with no endpoint, Quarkus would export to localhost:4317 and log a
 * failure every few seconds. {@code VIGIL_OTLP_ENDPOINT} turns it on; Quarkus' own OTLP settings, when present,
 * are left to decide.
 */
final class TracingDefaults {

    static final String ENDPOINT_ENV = "VIGIL_OTLP_ENDPOINT";

    private static final String[] QUARKUS_KEYS = {"quarkus.otel.exporter.otlp.endpoint",
            "quarkus.otel.exporter.otlp.traces.endpoint", "quarkus.otel.sdk.disabled"};

    private TracingDefaults() {
    }

    /** The system properties to set before Quarkus starts, given the environment and the current properties. */
    static Map<String, String> properties(Map<String, String> env, Map<String, String> system) {
        String endpoint = env.get(ENDPOINT_ENV);
        if (endpoint != null && !endpoint.isBlank()) {
            return Map.of("quarkus.otel.exporter.otlp.endpoint", endpoint.trim());
        }
        for (String key : QUARKUS_KEYS) {
            if (system.containsKey(key) || env.containsKey(envName(key))) {
                return Map.of();
            }
        }
        return Map.of("quarkus.otel.sdk.disabled", "true");
    }

    /** MicroProfile Config's environment-variable form of a property name. */
    static String envName(String key) {
        return key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }
}

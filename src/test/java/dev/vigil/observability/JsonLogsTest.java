package dev.vigil.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.MDC;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.Test;

/** With {@code vigil.log.json}, the console writes one JSON object per line, trace id included. */
@QuarkusTest
@TestProfile(JsonLogsTest.Json.class)
class JsonLogsTest {

    public static class Json implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.log.json", "true");
        }
    }

    @Test
    void theConsoleWritesJsonLinesWithTheTraceId() throws Exception {
        assertFalse(JsonLogs.consoles().isEmpty());
        for (ConsoleHandler console : JsonLogs.consoles()) {
            assertTrue(console.getFormatter() instanceof JsonFormatter, "console formatter: " + console.getFormatter());
        }
        MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        try {
            ExtLogRecord record = new ExtLogRecord(Level.INFO, "detection run %s: %d shards",
                    ExtLogRecord.FormatStyle.PRINTF, JsonLogsTest.class.getName());
            record.setParameters(new Object[] {"2026-11-01T10:00:00Z", 8});
            record.setLoggerName("dev.vigil.scheduling.DetectionRun");
            record.copyMdc();
            String line = JsonLogs.consoles().get(0).getFormatter().format(record);
            assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
            JsonNode json = new ObjectMapper().readTree(line);
            assertEquals("detection run 2026-11-01T10:00:00Z: 8 shards", json.path("message").asText());
            assertEquals("INFO", json.path("level").asText());
            assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", json.path("mdc").path("traceId").asText());
        } finally {
            MDC.remove("traceId");
        }
    }
}

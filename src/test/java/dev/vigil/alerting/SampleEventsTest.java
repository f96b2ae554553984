package dev.vigil.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.storage.Json;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The samples a template is checked against: one per type, every field a real event of the type has, none null. */
class SampleEventsTest {

    @Test
    void eachTypeHasASampleWithEveryFieldSetAndTheHooksSource() throws Exception {
        UUID id = UUID.randomUUID();
        Instant now = Instant.parse("2026-12-05T10:07:31Z");
        for (String type : EventTypes.ALL) {
            JsonNode e = Json.mapper().readTree(SampleEvents.of(type, id, now));
            assertEquals(type, e.path("type").asText());
            assertEquals(id.toString(), e.path("id").asText(), type);
            assertEquals(SampleEvents.SOURCE, e.path("source").asText(), "never a real event's source: " + type);
            assertTrue(e.path("data").isObject() && !e.path("data").isEmpty(), type);
            for (Iterator<Map.Entry<String, JsonNode>> it = e.path("data").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                assertFalse(f.getValue().isNull(), type + " data." + f.getKey() + " is null");
            }
        }
        JsonNode anomaly = Json.mapper().readTree(SampleEvents.of(AlertEvents.TYPE, id, now));
        assertEquals("2026-12-05T09:55:00Z", anomaly.path("data").path("windowStart").asText(),
                "a whole window, the last closed but one");
        assertEquals("sample", anomaly.path("data").path("dimensions").path("meter").asText());
    }

    @Test
    void anUnknownTypeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SampleEvents.of("dev.vigil.nothing.v1", UUID.randomUUID(),
                Instant.now()));
    }
}

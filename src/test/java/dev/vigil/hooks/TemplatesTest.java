package dev.vigil.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.storage.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A hook's own body from its template: an incident tool's trigger and resolve, JSON-safe values, strict names. */
class TemplatesTest {

    /** The shape of an incident tool's events API: trigger on open, resolve on resolve, deduplicated by incident. */
    static final String INCIDENT_TOOL = """
            {"routing_key": "R0UTING",
             "event_action": "{#if event.type == 'dev.vigil.incident.resolved.v1'}resolve{#else}trigger{/if}",
             "dedup_key": {event.subject.json},
             "payload": {"summary": {line.json}, "source": {event.subject.json},
                         "severity": "{#if event.data.peakSeverity.or(0) >= 0.8d}critical{#else}warning{/if}"},
             "links": [{"href": {link.json}}]}""";

    private static JsonNode incident(String type, double peak) throws Exception {
        return Json.mapper().readTree("{\"type\": \"" + type + "\", \"subject\": \"0b5c\", \"data\": {\"id\": \"0b5c\", "
                + "\"scope\": {\"feeder\": \"f\\\"12\"}, \"peakSeverity\": " + peak + "}}");
    }

    @Test
    void anIncidentToolsTriggerAndResolveComeOutAsValidJson() throws Exception {
        JsonNode opened = Json.mapper().readTree(Templates.render(INCIDENT_TOOL,
                incident("dev.vigil.incident.opened.v1", 0.9), "[Vigil] Incident opened: feeder=f\"12 <b>", "x"));
        assertEquals("trigger", opened.path("event_action").asText());
        assertEquals("0b5c", opened.path("dedup_key").asText());
        assertEquals("critical", opened.path("payload").path("severity").asText());
        assertEquals("[Vigil] Incident opened: feeder=f\"12 <b>", opened.path("payload").path("summary").asText(),
                "quotes and markup arrive as text, escaped by .json");
        assertEquals("x", opened.path("links").path(0).path("href").asText());

        JsonNode resolved = Json.mapper().readTree(Templates.render(INCIDENT_TOOL,
                incident("dev.vigil.incident.resolved.v1", 0.5), "line", null));
        assertEquals("resolve", resolved.path("event_action").asText());
        assertEquals("warning", resolved.path("payload").path("severity").asText());
        assertEquals("", resolved.path("links").path(0).path("href").asText(), "no dashboard address: empty");

        // the hook's test event (as the test call sends it) has no peakSeverity and no data.id: the default and the
        // subject, which every event has, keep the template's own test call working
        JsonNode test = Json.mapper().readTree(Templates.render(INCIDENT_TOOL, testEvent(), "l", null));
        assertEquals("warning", test.path("payload").path("severity").asText());
        assertEquals("hook/h", test.path("dedup_key").asText());
    }

    @Test
    void theReadmesIncidentToolTemplateWorksOnAnIncidentAndOnTheTestEvent() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("```", readme.indexOf("An incident tool's events API"));
        String template = readme.substring(readme.indexOf('\n', at) + 1, readme.indexOf("```", at + 3)).strip();
        assertTrue(template.startsWith("{\"routing_key\""), template);
        JsonNode opened = Json.mapper().readTree(Templates.render(template,
                incident("dev.vigil.incident.opened.v1", 0.9), "line", null));
        assertEquals("0b5c", opened.path("dedup_key").asText());
        assertEquals("trigger", opened.path("event_action").asText());
        assertEquals("hook/h", Json.mapper().readTree(Templates.render(template, testEvent(), "line", null))
                .path("dedup_key").asText());
    }

    @Test
    void jsonOnANameTheEventLacksFailsNamingItInsteadOfWritingWhatWasNotFound() throws Exception {
        // the expression, and the name it lacks
        for (String[] c : new String[][] {{"event.data.id", "id"}, {"event.nosuch", "nosuch"},
                {"event.data.nosuch.deeper", "nosuch"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Templates.render("{\"k\": {" + c[0] + ".json}}", testEvent(), "l", null), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertFalse(e.getMessage().contains("a test event from Vigil"), "no event in the message");
        }
        assertEquals("{\"k\": \"\"}", Templates.render("{\"k\": {event.data.id.or('').json}}", testEvent(), "l",
                null));
    }

    /** The hook test event of a hook named h, as {@code POST …/{id}/test} sends it. */
    private static JsonNode testEvent() throws Exception {
        return Json.mapper().readTree(HookTrial.testEvent("h", UUID.randomUUID(), Instant.now()));
    }

    @Test
    void aNameTheEventLacksFailsUnlessItHasADefault() throws Exception {
        JsonNode test = Json.mapper().readTree("{\"type\": \"dev.vigil.hook.test.v1\", \"data\": {\"hook\": \"h\"}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Templates.render("{event.data.seriesKey}", test, "l", null));
        assertTrue(e.getMessage().contains("seriesKey"), e.getMessage());
        assertEquals("\"none\"", Templates.render("{event.data.seriesKey.or('none').json}", test, "l", null));
        assertEquals("h", Templates.render("{event.data.hook}", test, "l", null));
    }

    @Test
    void aSyntaxErrorIsRefusedWithWhereItIs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Templates.parse("{#if x}"));
        assertTrue(e.getMessage().contains("if"), e.getMessage());
    }

    @Test
    void aTemplateIsCheckedOnASampleOfEachTypeItReceives() {
        String key = "{\"key\": {event.data.seriesKey.json}}";
        assertEquals(null, Templates.failure(key, List.of("dev.vigil.anomaly.detected.v1")));
        String incident = Templates.failure(key, List.of("dev.vigil.anomaly.detected.v1",
                "dev.vigil.incident.opened.v1"));
        assertTrue(incident.contains("dev.vigil.incident.opened.v1") && incident.contains("seriesKey"), incident);
        assertTrue(Templates.failure(key, List.of()).contains("seriesKey"), "no types: every type");
        assertEquals(null, Templates.failure("{event.data.seriesKey.or(event.subject).json}", List.of()));
        // a branch on the type reads each type's own fields
        assertEquals(null, Templates.failure("{#if event.type == 'dev.vigil.anomaly.detected.v1'}"
                + "{event.data.seriesKey.json}{#else}{event.subject.json}{/if}", List.of()));
        // names in dimensions and scope are the user's: any is taken, a misspelt field beside them is not
        assertEquals(null, Templates.failure("{event.data.dimensions.region.json}",
                List.of("dev.vigil.anomaly.detected.v1")));
        assertEquals(null, Templates.failure("{event.data.scope.feeder.json}",
                List.of("dev.vigil.incident.opened.v1")));
        String typo = Templates.failure("{event.data.peakSeverty}", List.of("dev.vigil.incident.opened.v1"));
        assertTrue(typo.contains("peakSeverty"), typo);
        assertFalse(typo.contains("power{meter=sample}"), "no event in the message: " + typo);
        assertFalse(typo.contains("ObjectNode"), "no Java class in the message: " + typo);
    }

    @Test
    void theReadmesIncidentToolTemplatePassesTheCheckForItsTypes() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("```", readme.indexOf("An incident tool's events API"));
        String template = readme.substring(readme.indexOf('\n', at) + 1, readme.indexOf("```", at + 3)).strip();
        assertEquals(null, Templates.failure(template, List.of("dev.vigil.incident.opened.v1",
                "dev.vigil.incident.resolved.v1")));
    }
}

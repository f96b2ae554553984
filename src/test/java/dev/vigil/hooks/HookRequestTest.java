package dev.vigil.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.ingestion.RejectedInput;
import dev.vigil.storage.HookStore.HookSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HookRequestTest {

    @Test
    void readsAHookAndLeavesFiltersEmptyWhenNotGiven() {
        assertEquals(new HookRequest.Parsed(new HookSpec("ops", "https://hooks.example/v1?token=a", List.of(),
                        List.of(), true, "cloudevents", null, null), null, false),
                HookRequest.parse("{\"name\": \"ops\", \"url\": \"https://hooks.example/v1?token=a\"}"));
        HookRequest.Parsed read = HookRequest.parse("""
                {"name": "ops", "url": "http://10.0.0.7:8080/in", "types": ["dev.vigil.incident.opened.v1"],
                 "rules": ["north voltage"], "enabled": false, "format": "chat", "id": 3, "pending": 0, "failed": 2,
                 "headerNames": ["x"], "headers": {"x-api-key": "k", "Authorization": "Bearer a b"}}""");
        assertEquals(new HookSpec("ops", "http://10.0.0.7:8080/in", List.of("dev.vigil.incident.opened.v1"),
                List.of("north voltage"), false, "chat", null, null), read.spec());
        assertEquals(Map.of("Authorization", "Bearer a b", "x-api-key", "k"), read.headers());
    }

    @Test
    void aMailtoUrlIsAMailHook() {
        HookRequest.Parsed read = HookRequest.parse("""
                {"name": "desk", "url": "mailto:ops@example.com, on-call+vigil@example.org"}""");
        assertEquals(new HookSpec("desk", "mailto:ops@example.com,on-call+vigil@example.org", List.of(), List.of(),
                true, "email", null, null), read.spec());
        assertEquals("email", HookRequest.parse("""
                {"name": "desk", "url": "mailto:ops@example.com", "format": "email", "headers": {}}""").spec().format());
        assertEquals(Map.of(), read.headers(), "none: a hook that had headers and becomes a mail hook loses them");
        assertEquals("mailto:o'brien+vigil@example.com", HookRequest.parse("""
                {"name": "desk", "url": "mailto:o'brien+vigil@example.com"}""").spec().url());
    }

    @Test
    void aMaxAgeIsReadAsADurationAndAHookAsReadMayBePutBack() {
        assertEquals(Duration.ofHours(6), HookRequest.parse("""
                {"name": "ops", "url": "https://h.example", "maxAge": "PT6H"}""").spec().maxAge());
        assertEquals(Duration.ofDays(2), HookRequest.parse("""
                {"name": "ops", "url": "https://h.example", "maxAge": "P2D", "skipped": 7}""").spec().maxAge());
        HookRequest.Parsed cleared = HookRequest.parse("""
                {"name": "ops", "url": "https://h.example", "maxAge": null}""");
        assertNull(cleared.spec().maxAge());
        assertTrue(cleared.maxAgeGiven(), "null clears it");
        assertFalse(HookRequest.parse("{\"name\": \"ops\", \"url\": \"https://h.example\"}").maxAgeGiven(),
                "absent keeps it");
        assertEquals(HookRequest.MIN_AGE, HookRequest.parse("{\"name\": \"ops\", \"url\": \"https://h.example\", "
                + "\"maxAge\": \"" + HookRequest.MIN_AGE + "\"}").spec().maxAge());
        assertEquals(HookRequest.MAX_AGE, HookRequest.parse("{\"name\": \"ops\", \"url\": \"https://h.example\", "
                + "\"maxAge\": \"" + HookRequest.MAX_AGE + "\"}").spec().maxAge());
    }

    /** A maxAge that is refused: negative, zero, shorter than a window, unparsable, fractional, absurdly long. */
    @ParameterizedTest
    @ValueSource(strings = {"\"-PT6H\"", "\"PT0S\"", "\"PT4M59S\"", "\"6h\"", "\"P1M\"", "\"\"", "\"PT6.5S\"",
        "\"P367D\"", "\"PT9999999999H\"", "\"PT99999999999999999999H\"", "21600", "true", "[\"PT6H\"]"})
    void aBadMaxAgeIsRefusedNamingTheField(String maxAge) {
        RejectedInput e = assertThrows(RejectedInput.class, () -> HookRequest.parse(
                "{\"name\": \"a\", \"url\": \"https://h.example\", \"maxAge\": " + maxAge + "}"));
        assertEquals(400, e.status());
        assertEquals("InvalidHook", e.code());
        assertEquals("maxAge", e.field(), e.getMessage());
    }

    /** A body and the field its error names (empty: none). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "                                                                  | ''",
        "[1]                                                               | ''",
        "{\"url\": \"https://h.example\"}                                  | name",
        "{\"name\": \"\", \"url\": \"https://h.example\"}                  | name",
        "{\"name\": 7, \"url\": \"https://h.example\"}                     | name",
        "{\"name\": \"a\"}                                                 | url",
        "{\"name\": \" ops\", \"url\": \"https://h.example\"}               | name",
        "{\"name\": \"ops\\u200B\", \"url\": \"https://h.example\"}          | name",
        "{\"name\": \"o\\u202Eps\", \"url\": \"https://h.example\"}          | name",
        "{\"name\": \"o\\nps\", \"url\": \"https://h.example\"}              | name",
        "{\"name\": \"a\", \"url\": \"ftp://h.example/x\"}                 | url",
        "{\"name\": \"a\", \"url\": \"file:///etc/passwd\"}                | url",
        "{\"name\": \"a\", \"url\": \"/relative\"}                         | url",
        "{\"name\": \"a\", \"url\": \"https://u:p@h.example/\"}            | url",
        "{\"name\": \"a\", \"url\": \"https://h.example/#x\"}              | url",
        "{\"name\": \"a\", \"url\": \"http://bad host/\"}                  | url",
        "{\"name\": \"a\", \"url\": 5}                                     | url",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"types\": \"x\"}                      | types",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"types\": [\"dev.vigil.nothing.v1\"]} | types[0]",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"types\": [\"dev.vigil.incident.opened.v1\", \"dev.vigil.incident.opened.v1\"]} | types[1]",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"rules\": [1]}                        | rules[0]",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"rules\": [\"\"]}                     | rules[0]",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"enabled\": \"yes\"}                  | enabled",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"type\": [\"dev.vigil.incident.opened.v1\"]} | type",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"secret\": \"whsec_x\"}               | secret",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"format\": \"slack\"}                 | format",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"format\": 1}                         | format",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"headers\": [\"a\"]}                   | headers",
        "{\"name\": \"a\", \"url\": \"mailto:\"}                                                      | url",
        "{\"name\": \"a\", \"url\": \"mailto:ops@example.com?subject=hi\"}                           | url",
        "{\"name\": \"a\", \"url\": \"mailto:not-an-address\"}                                       | url",
        "{\"name\": \"a\", \"url\": \"mailto:a@example.com,b c@example.com\"}                        | url",
        "{\"name\": \"a\", \"url\": \"mailto:\u0161dmin@example.com\"}                                   | url",
        "{\"name\": \"a\", \"url\": \"mailto:\u202ea@example.com\"}                                       | url",
        "{\"name\": \"a\", \"url\": \"mailto:a.@example.com\"}                                          | url",
        "{\"name\": \"a\", \"url\": \"mailto:a@example..com\"}                                          | url",
        "{\"name\": \"a\", \"url\": \"mailto:a@-.\"}                                                    | url",
        "{\"name\": \"a\", \"url\": \"mailto:a%25b@example.com\"}                                       | url",
        "{\"name\": \"a\", \"url\": \"mailto:ops@example.com,OPS@example.com\"}                         | url",
        "{\"name\": \"a\", \"url\": \"mailto:ops@example.com\", \"format\": \"chat\"}               | format",
        "{\"name\": \"a\", \"url\": \"mailto:ops@example.com\", \"headers\": {\"X-A\": \"b\"}}      | headers",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"format\": \"email\"}                  | format",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"format\": \"template\"}               | template",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"template\": \"{line}\"}               | template",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"format\": \"template\", \"template\": \"{#if}\"} | template",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"format\": \"template\", \"template\": 3} | template",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"format\": \"template\", \"template\": \"{event.data.seriesKey}\"} | template",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"format\": \"template\", \"template\": \"{event.data.nosuch}\", \"types\": [\"dev.vigil.anomaly.detected.v1\"]} | template",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"headers\": {\"a b\": \"x\"}}            | headers.a b",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"headers\": {\"Host\": \"x\"}}           | headers.Host",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"headers\": {\"webhook-signature\": \"x\"}} | headers.webhook-signature",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"headers\": {\"Proxy-Authorization\": \"x\"}} | headers.Proxy-Authorization",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"headers\": {\"X-Key\": \"a\\r\\nX-Evil: 1\"}} | headers.X-Key",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"headers\": {\"X-Key\": 5}}            | headers.X-Key",
        "{\"name\": \"a\", \"url\": \"https://h.example\", \"headers\": {\"X-Key\": \"a\", \"x-key\": \"b\"}} | headers.x-key",
    })
    void badHooksAreRefusedNamingTheField(String body, String field) {
        RejectedInput e = assertThrows(RejectedInput.class, () -> HookRequest.parse(body));
        assertEquals(400, e.status());
        assertEquals(field.isEmpty() ? null : field, e.field(), e.getMessage());
    }

    @Test
    void hugeUrlsAndRuleListsAreRefused() {
        String longUrl = "https://h.example/" + "a".repeat(HookRequest.MAX_URL);
        assertEquals("url", assertThrows(RejectedInput.class, () -> HookRequest.parse(
                "{\"name\": \"a\", \"url\": \"" + longUrl + "\"}")).field());
        StringBuilder rules = new StringBuilder("[");
        for (int i = 0; i <= HookRequest.MAX_RULES; i++) {
            rules.append(i == 0 ? "" : ",").append("\"r").append(i).append('"');
        }
        assertEquals("rules", assertThrows(RejectedInput.class, () -> HookRequest.parse(
                "{\"name\": \"a\", \"url\": \"https://h.example\", \"rules\": " + rules + "]}")).field());
    }
}

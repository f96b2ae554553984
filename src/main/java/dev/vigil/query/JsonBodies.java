package dev.vigil.query;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.ingestion.InputRules;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.storage.Json;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads the JSON a create or change request sends, with the same errors for every endpoint. */
public final class JsonBodies {

    private JsonBodies() {
    }

    /**
     * The body as a JSON object: 400 {@code MalformedJson} if it is not one JSON value, 400 {@code code} (no field)
     * if it is empty or not an object; {@code shape} ends the message (" describing the rule").
     */
    public static JsonNode object(String body, String code, String shape) {
        JsonNode n = parse(body);
        if (n == null || !n.isObject()) {
            throw new RejectedInput(400, code, null, "the body must be a JSON object" + shape);
        }
        return n;
    }

    /**
     * The body as one JSON value, or null when it is empty: 400 {@code MalformedJson} when it is not JSON or holds
     * anything after its value (a second document would otherwise be dropped without a word), 400
     * {@code InvalidCharacter} naming the path of a text or name holding NUL or an unpaired UTF-16 surrogate
     * (PostgreSQL cannot store the one and would store the other as "?").
     */
    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode n;
        try {
            n = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed(e, null);
        }
        storable(n, "");
        return n;
    }

    /** 400 {@code MalformedJson}: what the parser found and where, without the parser's own advice. */
    public static RejectedInput malformed(JsonProcessingException e, String field) {
        return new RejectedInput(400, "MalformedJson", field, "the body is not valid JSON: " + describe(e));
    }

    /**
     * The parser's finding, cut before its hints for programmers ("enable `JsonReadFeature...`", "from
     * `StreamReadConstraints...`"), with the line and column it stopped at.
     */
    static String describe(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        if (m.startsWith("Trailing token")) {
            m = "another JSON value follows the first; send one value (an array for several)";
        }
        for (String hint : new String[] {" (from `", ": enable `", "\n", " (for Object starting", " at [Source",
            " (bound as `"}) {
            int i = m.indexOf(hint);
            if (i > 0) {
                m = m.substring(0, i);
            }
        }
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? m : m + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static void storable(JsonNode n, String path) {
        if (n.isTextual()) {
            String bad = InputRules.badCharacter(n.textValue(), false);
            if (bad != null) {
                throw new RejectedInput(400, "InvalidCharacter", path.isEmpty() ? null : path,
                        (path.isEmpty() ? "the body" : path) + " holds " + bad);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                storable(n.get(i), path + "[" + i + "]");
            }
        } else if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                String bad = InputRules.badCharacter(e.getKey(), false);
                if (bad != null) {
                    throw new RejectedInput(400, "InvalidCharacter", path.isEmpty() ? null : path,
                            "a field name " + (path.isEmpty() ? "" : "in " + path + " ") + "holds " + bad);
                }
                storable(e.getValue(), child);
            }
        }
    }

    /**
     * The first field of {@code n} that is neither one the request takes nor in {@code readOnly} (the fields the API
     * shows but does not take, so a resource read can be changed and put back), or null. Create and change requests
     * refuse it: a misspelt field would otherwise be left at its default without a word.
     */
    public static String unknownField(JsonNode n, Set<String> fields, Set<String> readOnly) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f) && !readOnly.contains(f)) {
                return f;
            }
        }
        return null;
    }

    /** The message for an {@link #unknownField}: "unknown field x; a rule has a, b, c". */
    public static String unknownMessage(String field, String what, Set<String> fields) {
        return "unknown field " + field + "; " + what + " has " + String.join(", ", new TreeSet<>(fields));
    }
}

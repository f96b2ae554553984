package dev.vigil.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.storage.Json;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/** Reads the JSON object a create or change request sends, with the same two errors for every endpoint. */
public final class JsonBodies {

    private JsonBodies() {
    }

    /**
     * The body as a JSON object: 400 {@code MalformedJson} if it is not JSON, 400 {@code code} (no field) if it is
     * empty or not an object; {@code shape} ends the message (" describing the rule").
     */
    public static JsonNode object(String body, String code, String shape) {
        JsonNode n;
        try {
            n = body == null || body.isBlank() ? null : Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new RejectedInput(400, "MalformedJson", null, "the body is not valid JSON");
        }
        if (n == null || !n.isObject()) {
            throw new RejectedInput(400, code, null, "the body must be a JSON object" + shape);
        }
        return n;
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

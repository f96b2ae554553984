package dev.vigil.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.storage.Json;

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
}

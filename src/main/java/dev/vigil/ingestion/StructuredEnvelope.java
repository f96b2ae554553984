package dev.vigil.ingestion;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.errors.VigilError;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks a structured-mode CloudEvent's envelope before Funqy reads it: a JSON object whose required attributes
 * {@code specversion} ("1.0"), {@code id}, {@code source} and {@code type} are strings. Read as a token stream, top
 * level only.
 */
final class StructuredEnvelope {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] REQUIRED = {"specversion", "id", "source", "type"};

    private StructuredEnvelope() {
    }

    /** What is wrong with the envelope, or null when its required attributes are there. */
    static VigilError problem(byte[] body) {
        Map<String, String> attributes = new HashMap<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new VigilError("InvalidCloudEvent", "data", "a structured CloudEvent must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    attributes.put(name, p.getText());
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return new VigilError("MalformedJson", "data", "the body is not valid JSON");
        }
        for (String name : REQUIRED) {
            String v = attributes.get(name);
            if (v == null || v.isEmpty()) {
                return new VigilError("InvalidCloudEvent", name, name + " is required as a non-empty string");
            }
        }
        if (!"1.0".equals(attributes.get("specversion"))) {
            return new VigilError("InvalidCloudEvent", "specversion", "specversion must be 1.0");
        }
        return null;
    }
}

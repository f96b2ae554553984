package dev.vigil.ingestion;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.MultiMap;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks a structured-mode CloudEvent's envelope before Funqy reads it: a JSON object whose required attributes
 * {@code specversion} ("1.0"), {@code id}, {@code source} and {@code type} are strings, and which carries JSON
 * {@code data} (Funqy cannot read {@code data_base64} and fails on an event without data). Read as a token stream,
 * top level only.
 */
final class StructuredEnvelope {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] REQUIRED = {"specversion", "id", "source", "type"};

    private StructuredEnvelope() {
    }

    /**
     * What is wrong with a binary-mode event's required {@code ce-*} headers or the type of its data (when it has
     * any: {@code hasData}; 415 when it is not JSON, else 400), or null when they are right or the request is no
     * binary-mode CloudEvent (no {@code ce-specversion}).
     */
    static RejectedInput binaryProblem(MultiMap headers, boolean hasData) {
        if (headers.get("ce-specversion") == null) {
            return null;
        }
        String version = headers.get("ce-specversion");
        if (!"1.0".equals(version) && !"0.3".equals(version)) {
            // Funqy reads 1.0 and 0.3 (whose binary headers are the same for what Vigil reads) and took any other value
            return new RejectedInput(400, "InvalidCloudEvent", "ce-specversion", "the header ce-specversion must be 1.0, was "
                    + version);
        }
        for (String name : REQUIRED) {
            String v = headers.get("ce-" + name);
            if (v == null || v.isEmpty()) {
                return new RejectedInput(400, "InvalidCloudEvent", "ce-" + name, "the header ce-" + name + " is required");
            }
        }
        // Funqy cannot read other data into a function's JSON argument and answered with a 500
        String type = headers.get("Content-Type");
        if (hasData && !isJson(type)) {
            return new RejectedInput(415, "UnsupportedMediaType", "content-type", "a binary-mode CloudEvent's data must be "
                    + "JSON (Content-Type application/json), was " + (type == null ? "none" : type));
        }
        return null;
    }

    /** Whether a media type is {@code application/json}, parameters aside: the one data type Funqy reads as JSON. */
    static boolean isJson(String mediaType) {
        if (mediaType == null) {
            return false;
        }
        int semicolon = mediaType.indexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).trim()
                .equalsIgnoreCase("application/json");
    }

    /** What is wrong with the envelope (415 for data that is not JSON, else 400), or null when it is right. */
    static RejectedInput problem(byte[] body) {
        Map<String, String> attributes = new HashMap<>();
        boolean data = false;
        boolean base64 = false;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new RejectedInput(400, "InvalidCloudEvent", "data", "a structured CloudEvent must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                data |= name.equals("data") && value != JsonToken.VALUE_NULL;
                base64 |= name.equals("data_base64");
                if (value == JsonToken.VALUE_STRING) {
                    attributes.put(name, p.getText());
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return new RejectedInput(400, "MalformedJson", "data", "the body is not valid JSON");
        }
        for (String name : REQUIRED) {
            String v = attributes.get(name);
            if (v == null || v.isEmpty()) {
                return new RejectedInput(400, "InvalidCloudEvent", name, name + " is required as a non-empty string");
            }
        }
        if (!"1.0".equals(attributes.get("specversion"))) {
            return new RejectedInput(400, "InvalidCloudEvent", "specversion", "specversion must be 1.0");
        }
        if (base64) {
            return new RejectedInput(400, "InvalidCloudEvent", "data_base64",
                    "data_base64 is not accepted: send the readings as JSON in data");
        }
        if (!data) {
            return new RejectedInput(400, "EmptyBody", "data", "the event has no data: send JSON (for detection, {} will do)");
        }
        String dataType = attributes.get("datacontenttype");
        if (dataType != null && !isJson(dataType)) {
            return new RejectedInput(415, "UnsupportedMediaType", "datacontenttype",
                    "the event's data must be JSON (datacontenttype application/json), was " + dataType);
        }
        return null;
    }
}

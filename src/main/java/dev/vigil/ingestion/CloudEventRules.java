package dev.vigil.ingestion;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.security.AccessPolicy;
import dev.vigil.time.IsoInstants;
import io.vertx.core.MultiMap;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The rules a CloudEvent must keep before Vigil reads it, the same over HTTP and Kafka (README, "Errors"): the
 * required attributes {@code specversion} (1.0; binary mode also 0.3, whose headers are the same for what Vigil
 * reads), {@code id}, {@code source} and {@code type}, non-empty; data that is JSON; a {@code time} that is RFC 3339;
 * and, where only readings are taken, a readings type. A structured envelope is read as a token stream, top level
 * only. Plain logic.
 */
final class CloudEventRules {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] REQUIRED = {"specversion", "id", "source", "type"};

    private CloudEventRules() {
    }

    /** Whether a media type is a structured-mode CloudEvent's ({@code application/cloudevents+json}). */
    static boolean isStructured(String mediaType) {
        return mediaType != null && mediaType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents+json");
    }

    /**
     * What is wrong with an HTTP binary-mode event's {@code ce-*} headers or the type of its data, or null when they
     * are right or the request is no binary-mode CloudEvent (no {@code ce-specversion}).
     */
    static RejectedInput binaryProblem(MultiMap headers, boolean hasData) {
        if (headers.get("ce-specversion") == null) {
            return null;
        }
        // Funqy cannot read other data into a function's JSON argument and answered with a 500
        return binaryProblem(headers::get, "ce-", hasData, true);
    }

    /**
     * What is wrong with a binary-mode event, or null. Its attributes are the headers {@code prefix} + name
     * ({@code ce-} over HTTP, {@code ce_} on Kafka); its data's media type is {@code content-type}, which must be
     * JSON when the event has data ({@code hasData}; a 415), and present only if {@code typeRequired}: the Kafka
     * binding leaves the header out when the producer sets no {@code datacontenttype}.
     */
    static RejectedInput binaryProblem(UnaryOperator<String> header, String prefix, boolean hasData,
                                       boolean typeRequired) {
        String version = header.apply(prefix + "specversion");
        if (version != null && !version.isEmpty() && !"1.0".equals(version) && !"0.3".equals(version)) {
            return new RejectedInput(400, "InvalidCloudEvent", prefix + "specversion", "the header " + prefix
                    + "specversion must be 1.0, was " + version);
        }
        for (String name : REQUIRED) {
            String v = header.apply(prefix + name);
            if (v == null || v.isEmpty()) {
                return new RejectedInput(400, "InvalidCloudEvent", prefix + name,
                        "the header " + prefix + name + " is required");
            }
        }
        String type = header.apply("content-type");
        if (hasData && (type != null || typeRequired) && !isJson(type)) {
            return new RejectedInput(415, "UnsupportedMediaType", "content-type", "a binary-mode CloudEvent's data "
                    + "must be JSON (Content-Type application/json), was " + (type == null ? "none" : type));
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

    /** What is wrong with a structured envelope (415 for data that is not JSON, else 400), or null when it is right. */
    static RejectedInput problem(byte[] body) {
        Map<String, String> attributes = new HashMap<>();
        boolean data = false;
        boolean base64 = false;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new RejectedInput(400, "InvalidCloudEvent", "data",
                        "a structured CloudEvent must be a JSON object");
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
            return new RejectedInput(400, "EmptyBody", "data",
                    "the event has no data: send JSON (for detection, {} will do)");
        }
        String dataType = attributes.get("datacontenttype");
        if (dataType != null && !isJson(dataType)) {
            return new RejectedInput(415, "UnsupportedMediaType", "datacontenttype",
                    "the event's data must be JSON (datacontenttype application/json), was " + dataType);
        }
        return null;
    }

    /** Refuses a type that carries no readings where only readings are taken (a batch, the readings topic). */
    static void readingType(String type, String field) {
        if (!AccessPolicy.READING_TYPES.contains(type)) {
            throw new RejectedInput(400, "InvalidCloudEvent", field, "only readings are taken here ("
                    + String.join(" or ", AccessPolicy.READING_TYPES.stream().sorted().toList()) + "), was " + type);
        }
    }

    /** A CloudEvent's {@code time} (null when absent), which must be RFC 3339; {@code field} names it. */
    static Instant time(String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return IsoInstants.parse(text);
        } catch (DateTimeException e) {
            throw new RejectedInput(400, "InvalidCloudEvent", field, "time is not an RFC 3339 date-time");
        }
    }
}

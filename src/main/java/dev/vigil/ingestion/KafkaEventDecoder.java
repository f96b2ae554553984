package dev.vigil.ingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.query.JsonBodies;
import dev.vigil.storage.EventLedger.EventId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads a Kafka record as the CloudEvents Kafka binding defines it: binary mode (attributes in {@code ce_*}
 * headers, data in the value), structured mode ({@code content-type: application/cloudevents+json}, the envelope
 * in the value), or, with neither, a plain JSON reading or batch.
 */
public final class KafkaEventDecoder {

    /** A decoded record: its data, and the CloudEvent identity and time where it is one. */
    public record Decoded(JsonNode data, EventId event, Instant time) {
    }

    private final ObjectMapper mapper;

    public KafkaEventDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Decoded decode(Headers headers, byte[] value) {
        if (value == null || value.length == 0) {
            throw new RejectedInput(400, "EmptyBody", "data", "the record has no value");
        }
        JsonNode body;
        try {
            body = mapper.readTree(value);
        } catch (JsonProcessingException e) {
            // also a second document after the first (the mapper refuses trailing content)
            throw JsonBodies.malformed(e, "data");
        } catch (IOException e) {
            throw new RejectedInput(400, "MalformedJson", "data", "the value is not valid JSON");
        }
        String contentType = header(headers, "content-type");
        if (contentType != null && contentType.startsWith("application/cloudevents+json")) {
            return structured(body);
        }
        String id = header(headers, "ce_id");
        if (id != null) {
            return new Decoded(body, InputRules.eventId(header(headers, "ce_source"), id, "ce_source", "ce_id"),
                    time(header(headers, "ce_time"), "ce_time"));
        }
        return new Decoded(body, null, null);
    }

    private Decoded structured(JsonNode envelope) {
        if (!envelope.isObject() || !envelope.path("id").isTextual()) {
            throw new RejectedInput(400, "InvalidCloudEvent", "id", "a structured CloudEvent needs a string id");
        }
        if (!"1.0".equals(envelope.path("specversion").asText())) {
            throw new RejectedInput(400, "InvalidCloudEvent", "specversion", "specversion must be 1.0");
        }
        JsonNode time = envelope.get("time");
        return new Decoded(envelope.get("data"), InputRules.eventId(envelope.path("source").asText(""),
                envelope.get("id").asText(), "source", "id"), time == null ? null : time(time.asText(), "time"));
    }

    private static Instant time(String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new RejectedInput(400, "InvalidCloudEvent", field, field + " is not an RFC 3339 time: " + text);
        }
    }

    private static String header(Headers headers, String name) {
        Header h = headers == null ? null : headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

package dev.vigil.ingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.query.JsonBodies;
import dev.vigil.storage.EventLedger.EventId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads a Kafka record as the CloudEvents Kafka binding defines it: binary mode (attributes in {@code ce_*}
 * headers, data in the value), structured mode ({@code content-type: application/cloudevents+json}, the envelope
 * in the value), or, with neither, a plain JSON reading or batch. A record that claims to be a CloudEvent (any
 * {@code ce_} header, or a CloudEvents content type) must be a valid one, checked by the rules HTTP applies
 * ({@link CloudEventRules}), and must carry readings; a plain record has no event id, and its offset, stored with
 * the aggregates, makes it count once.
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
        String contentType = header(headers, "content-type");
        if (CloudEventRules.isStructured(contentType)) {
            return structured(value);
        }
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents")) {
            throw new RejectedInput(415, "UnsupportedMediaType", "content-type", "the Kafka binding has no batched "
                    + "mode: send one event per record (binary, or application/cloudevents+json), was " + contentType);
        }
        if (claimsCloudEvent(headers)) {
            return binary(headers, value);
        }
        return new Decoded(parse(value), null, null);
    }

    private Decoded binary(Headers headers, byte[] value) {
        RejectedInput problem = CloudEventRules.binaryProblem(name -> header(headers, name), "ce_", true, false);
        if (problem != null) {
            throw problem;
        }
        CloudEventRules.readingType(header(headers, "ce_type"), "ce_type");
        EventId id = InputRules.eventId(header(headers, "ce_source"), header(headers, "ce_id"), "ce_source", "ce_id");
        Instant time = CloudEventRules.time(header(headers, "ce_time"), "ce_time");
        return new Decoded(parse(value), id, time);
    }

    private Decoded structured(byte[] value) {
        RejectedInput problem = CloudEventRules.problem(value);
        if (problem != null) {
            throw problem;
        }
        JsonNode envelope = parse(value);
        CloudEventRules.readingType(envelope.get("type").asText(), "type");
        EventId id = InputRules.eventId(envelope.get("source").asText(), envelope.get("id").asText(), "source", "id");
        JsonNode time = envelope.get("time");
        return new Decoded(envelope.get("data"), id,
                CloudEventRules.time(time == null || time.isNull() ? null : time.asText(), "time"));
    }

    private JsonNode parse(byte[] value) {
        try {
            return mapper.readTree(value);
        } catch (JsonProcessingException e) {
            // also a second document after the first (the mapper refuses trailing content)
            throw JsonBodies.malformed(e, "data");
        } catch (IOException e) {
            throw new RejectedInput(400, "MalformedJson", "data", "the value is not valid JSON");
        }
    }

    /** Whether any header is a CloudEvents attribute ({@code ce_} prefix, which the binding reserves). */
    private static boolean claimsCloudEvent(Headers headers) {
        if (headers == null) {
            return false;
        }
        for (Header h : headers) {
            if (h.key().regionMatches(true, 0, "ce_", 0, 3)) {
                return true;
            }
        }
        return false;
    }

    private static String header(Headers headers, String name) {
        Header h = headers == null ? null : headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

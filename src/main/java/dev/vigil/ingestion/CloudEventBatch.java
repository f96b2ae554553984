package dev.vigil.ingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.aggregation.Reading;
import dev.vigil.storage.EventLedger.EventId;
import dev.vigil.storage.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A CloudEvents batch (the HTTP binding's batched content mode, {@code application/cloudevents-batch+json}: a JSON
 * array of structured-mode events, as Azure Event Grid and other emitters deliver several events in one request)
 * decoded into its events' readings. Each event is checked as a structured event is, and must carry readings
 * ({@code dev.vigil.reading.v1} or {@code dev.vigil.readings.v1}); an error names the event's index. Plain logic.
 */
final class CloudEventBatch {

    private CloudEventBatch() {
    }

    /** @throws RejectedInput for the first event at fault, its field prefixed with {@code [i].} */
    static List<LedgeredMerge.Event> decode(JsonNode events, ReadingParser parser, Instant now) {
        if (events == null || !events.isArray()) {
            throw new RejectedInput(400, "InvalidCloudEvent", null,
                    "a CloudEvents batch must be a JSON array of structured-mode events");
        }
        if (events.isEmpty()) {
            throw new RejectedInput(400, "EmptyBatch", null, "the batch holds no event");
        }
        List<LedgeredMerge.Event> decoded = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            decoded.add(event(events.get(i), "[" + i + "]", parser, now));
        }
        return decoded;
    }

    private static LedgeredMerge.Event event(JsonNode e, String at, ReadingParser parser, Instant now) {
        if (!e.isObject()) {
            throw new RejectedInput(400, "InvalidCloudEvent", at, "each event of a batch must be a JSON object");
        }
        RejectedInput envelope = CloudEventRules.problem(bytes(e));
        if (envelope != null) {
            throw within(envelope, at, "");
        }
        CloudEventRules.readingType(e.get("type").asText(), at + ".type");
        EventId id = InputRules.eventId(e.get("source").asText(), e.get("id").asText(), at + ".source", at + ".id");
        JsonNode t = e.get("time");
        Instant time = CloudEventRules.time(t == null || t.isNull() ? null : t.asText(), at + ".time");
        List<Reading> readings;
        try {
            readings = parser.parse(e.get("data"), time, now);
        } catch (RejectedInput ex) {
            throw within(ex, at, ".data");
        }
        return new LedgeredMerge.Event(readings, id);
    }

    /** The rejection with its field placed inside event {@code at} (under {@code data} for a reading's field). */
    private static RejectedInput within(RejectedInput e, String at, String under) {
        String field = e.field() == null ? at + under
                : at + under + (e.field().startsWith("[") ? "" : ".") + e.field();
        return new RejectedInput(e.status(), e.code(), field, e.getMessage());
    }

    private static byte[] bytes(JsonNode e) {
        try {
            return Json.mapper().writeValueAsBytes(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("a parsed JSON node could not be written back", ex);
        }
    }
}

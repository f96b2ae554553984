package dev.vigil.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.aggregation.Reading;
import dev.vigil.aggregation.SeriesKey;
import dev.vigil.time.IsoInstants;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns JSON into validated readings. Accepts one reading object, an array of them, or {@code {"readings": [...]}}.
 * A reading is {@code {"metric": string, "dimensions": {string: string}?, "timestamp": ISO-8601?, "value": number}};
 * a missing timestamp takes the event's time. Any bad reading rejects the whole batch (all or nothing), naming the
 * first bad field.
 */
public final class ReadingParser {

    private final IngestionConfig config;

    public ReadingParser(IngestionConfig config) {
        this.config = config;
    }

    /** @param eventTime the CloudEvent time, or null; @param now the receiving clock */
    public List<Reading> parse(JsonNode body, Instant eventTime, Instant now) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new RejectedInput(400, "EmptyBody", "data", "the event carries no readings");
        }
        JsonNode items = body;
        String prefix = "";
        if (body.isObject() && body.has("readings")) {
            items = body.get("readings");
            prefix = "readings";
            if (!items.isArray()) {
                throw RejectedInput.invalid("readings", "readings must be an array");
            }
        }
        if (!items.isArray()) {
            return List.of(parseOne(items, "", eventTime, now));
        }
        if (items.isEmpty()) {
            throw new RejectedInput(400, "EmptyBatch", prefix.isEmpty() ? "data" : prefix, "the batch holds no readings");
        }
        if (items.size() > config.maxBatch()) {
            throw new RejectedInput(413, "BatchTooLarge", prefix.isEmpty() ? "data" : prefix,
                    "a batch holds at most " + config.maxBatch() + " readings, this one " + items.size());
        }
        List<Reading> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(parseOne(items.get(i), prefix + "[" + i + "]", eventTime, now));
        }
        return out;
    }

    private Reading parseOne(JsonNode n, String path, Instant eventTime, Instant now) {
        String at = path.isEmpty() ? "" : path + ".";
        if (!n.isObject()) {
            throw RejectedInput.invalid(path.isEmpty() ? "data" : path, "a reading must be a JSON object");
        }
        String metric = text(n.get("metric"), at + "metric", true);
        SeriesKey series = InputRules.seriesKey(
                SeriesKey.of(metric, dimensions(n.get("dimensions"), at + "dimensions")), at + "dimensions");
        Instant ts = timestamp(n.get("timestamp"), at + "timestamp", eventTime, now);
        return new Reading(series, ts, value(n.get("value"), at + "value"));
    }

    private static String text(JsonNode v, String field, boolean required) {
        if (v == null || v.isNull()) {
            if (required) {
                throw RejectedInput.invalid(field, field + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw RejectedInput.invalid(field, field + " must be a string");
        }
        return InputRules.text(v.asText(), field);
    }

    private static Map<String, String> dimensions(JsonNode v, String field) {
        Map<String, String> dims = new TreeMap<>();
        if (v == null || v.isNull()) {
            return dims;
        }
        if (!v.isObject()) {
            throw RejectedInput.invalid(field, field + " must be an object of string values");
        }
        if (v.size() > InputRules.MAX_DIMENSIONS) {
            throw RejectedInput.invalid(field, field + " may hold at most " + InputRules.MAX_DIMENSIONS + " entries");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = InputRules.text(e.getKey(), field + " key");
            dims.put(key, text(e.getValue(), field + "." + key, true));
        }
        return dims;
    }

    private Instant timestamp(JsonNode v, String field, Instant eventTime, Instant now) {
        Instant ts;
        if (v == null || v.isNull()) {
            if (eventTime == null) {
                throw RejectedInput.invalid(field, field + " is required when the event has no time");
            }
            ts = eventTime;
        } else if (!v.isTextual()) {
            throw RejectedInput.invalid(field, field + " must be an ISO-8601 string such as 2026-01-01T00:00:00Z");
        } else {
            try {
                ts = IsoInstants.parse(v.asText());
            } catch (DateTimeParseException e) {
                throw RejectedInput.invalid(field, field + " is not an ISO-8601 date-time with offset: " + v.asText());
            }
        }
        if (ts.isAfter(now.plus(config.maxFuture())) || ts.isBefore(now.minus(config.maxAge()))) {
            throw new RejectedInput(400, "TimestampOutOfRange", field, field + " " + ts + " lies more than "
                    + config.maxFuture() + " ahead of or " + config.maxAge() + " behind the server clock");
        }
        return ts;
    }

    private static double value(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            throw RejectedInput.invalid(field, field + " is required");
        }
        if (!v.isNumber()) {
            throw RejectedInput.invalid(field, field + " must be a finite JSON number");
        }
        return InputRules.value(v.asDouble(), field);
    }
}

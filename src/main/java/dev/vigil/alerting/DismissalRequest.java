package dev.vigil.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.aggregation.SeriesKey;
import dev.vigil.ingestion.InputRules;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.query.JsonBodies;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scope dismissal from a request body, {@code {"scope": {...}, "metric"?, "limit"?}}, so that every error
 * names its field (400 {@code InvalidDismissal}; {@code InvalidCharacter} for a character a metric or dimension may
 * not hold). The scope and metric are held to ingestion's bounds: one no series could have would dismiss nothing
 * without a word.
 */
final class DismissalRequest {

    private static final Set<String> FIELDS = Set.of("scope", "metric", "limit");
    private static final String CODE = "InvalidDismissal";

    private DismissalRequest() {
    }

    static SilenceDismissal.Selection parse(String body) {
        JsonNode n = JsonBodies.object(body, CODE, " naming the scope, e.g. {\"scope\": {\"feeder\": \"f07\"}}");
        String unknown = JsonBodies.unknownField(n, FIELDS, Set.of());
        if (unknown != null) {
            throw invalid(unknown, JsonBodies.unknownMessage(unknown, "a dismissal", FIELDS));
        }
        String metric = metric(n.get("metric"));
        return new SilenceDismissal.Selection(scope(n.get("scope"), metric), metric, limit(n.get("limit")));
    }

    private static String metric(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid("metric", "metric must be a text");
        }
        // as ingestion takes a reading's metric
        return InputRules.text(v.asText(), "metric", CODE);
    }

    private static Map<String, String> scope(JsonNode d, String metric) {
        if (d == null || d.isNull()) {
            // {} dismisses every open silence: asked for explicitly, never by leaving the field out
            throw invalid("scope", "scope is required: the dimension values whose silences end, e.g. "
                    + "{\"feeder\": \"f07\"}, or {} for every open silence");
        }
        if (!d.isObject()) {
            throw invalid("scope", "scope must be an object of text values, e.g. {\"feeder\": \"f07\"}");
        }
        if (d.size() > InputRules.MAX_DIMENSIONS) {
            throw invalid("scope", "scope may hold at most " + InputRules.MAX_DIMENSIONS + " entries, as a series' "
                    + "dimensions may: a scope with more holds no series");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "scope." + e.getKey();
            if (!e.getValue().isTextual()) {
                throw invalid(field, field + " must be a text");
            }
            InputRules.text(e.getKey(), "scope key", CODE);
            out.put(e.getKey(), InputRules.text(e.getValue().asText(), field, CODE));
        }
        try {
            InputRules.seriesKey(SeriesKey.of(metric == null ? "m" : metric, out), "scope");
        } catch (RejectedInput e) {
            throw invalid("scope", e.getMessage() + ", so no series is in this scope");
        }
        return out;
    }

    /** A whole number from 1 to {@link SilenceDismissal#MAX_PER_CALL}, that by default. */
    private static int limit(JsonNode v) {
        if (v == null || v.isNull()) {
            return SilenceDismissal.MAX_PER_CALL;
        }
        int max = SilenceDismissal.MAX_PER_CALL;
        if (!v.isNumber() || v.asDouble() % 1 != 0 || v.asDouble() < 1 || v.asDouble() > max) {
            throw invalid("limit", "limit must be a whole number from 1 to " + max);
        }
        return v.asInt();
    }

    private static RejectedInput invalid(String field, String message) {
        return new RejectedInput(400, CODE, field, message);
    }
}

package dev.vigil.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.query.JsonBodies;
import dev.vigil.query.Params;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;

/**
 * A feedback request, read field by field ({@code InvalidFeedback}, 400, naming the field). The target is exactly
 * one of: an incident ({@code incidentId}), an anomaly ({@code seriesId} and {@code windowStart}), a time range of
 * a series ({@code seriesId}, {@code from}, {@code to}), or the same two of a group entity ({@code group} and
 * {@code entityId} instead of {@code seriesId}).
 *
 * @param seriesId null for an incident or a group entity
 * @param group    the group of a group entity, else null
 * @param entityId the group entity, else null
 * @param from     start of the range (an anomaly's window start); null for an incident
 * @param to       end of the range, exclusive (an anomaly's window end); null for an incident
 * @param oneWindow whether {@code windowStart} gave the range: for a group entity it is then one row of the group's
 *                  step, which only the stored entity knows
 */
record FeedbackRequest(String kind, String comment, UUID incidentId, Long seriesId, Instant from, Instant to,
                       String group, Long entityId, boolean oneWindow) {

    static final Set<String> KINDS = Set.of("anomaly", "notAnomaly", "changePoint");
    static final Duration MAX_RANGE = Duration.ofDays(93);
    private static final Set<String> FIELDS = Set.of("kind", "comment", "incidentId", "seriesId", "group", "entityId",
            "windowStart", "from", "to");

    /** @param now feedback is on what was seen: a window or range that starts after now is refused */
    static FeedbackRequest parse(String body, Duration window, Instant now) {
        JsonNode n = JsonBodies.object(body, "InvalidFeedback", ": {kind, comment?, and incidentId, or seriesId "
                + "with windowStart or from and to, or group and entityId with the same}");
        String unknown = JsonBodies.unknownField(n, FIELDS, Set.of());
        if (unknown != null) {
            throw invalid(unknown, JsonBodies.unknownMessage(unknown, "feedback", FIELDS));
        }
        String kind = text(n, "kind", 32);
        if (kind == null || !KINDS.contains(kind)) {
            throw invalid("kind", "kind must be anomaly, notAnomaly or changePoint");
        }
        String comment = text(n, "comment", 1000);
        if (n.hasNonNull("incidentId")) {
            if (n.hasNonNull("seriesId") || n.hasNonNull("group")) {
                throw invalid(n.hasNonNull("seriesId") ? "seriesId" : "group",
                        "give one of incidentId, seriesId or group");
            }
            for (String time : new String[] {"windowStart", "from", "to"}) {
                if (n.hasNonNull(time)) {
                    // an incident's feedback covers the incident's own span; a time given with it was dropped
                    throw invalid(time, "feedback on an incident takes no " + time + ": it covers the incident");
                }
            }
            try {
                return new FeedbackRequest(kind, comment, UUID.fromString(n.get("incidentId").asText()), null, null,
                        null, null, null, false);
            } catch (IllegalArgumentException e) {
                throw invalid("incidentId", "incidentId must be an incident id (a UUID)");
            }
        }
        String group = text(n, "group", 200);
        if (group != null && n.hasNonNull("seriesId")) {
            throw invalid("seriesId", "give either group and entityId or seriesId, not both");
        }
        String idField = group == null ? "seriesId" : "entityId";
        String series = text(n, idField, 32);
        if (series == null) {
            throw invalid(idField, group == null ? "seriesId (or incidentId, or group and entityId) is required"
                    : "entityId is required with group");
        }
        long id;
        try {
            id = Long.parseLong(series);
        } catch (NumberFormatException e) {
            throw invalid(idField, idField + " must be an id as the read API prints it");
        }
        Long seriesId = group == null ? id : null;
        Long entityId = group == null ? null : id;
        if (n.hasNonNull("windowStart")) {
            if (n.hasNonNull("from") || n.hasNonNull("to")) {
                throw invalid(n.hasNonNull("from") ? "from" : "to", "give windowStart (one window) or from and to "
                        + "(a range), not both");
            }
            Instant start = instant(n, "windowStart");
            if (start.isAfter(now)) {
                throw invalid("windowStart", "windowStart lies in the future: feedback is on windows already seen (for "
                        + "planned work, give an alert rule a maintenance window)");
            }
            if (start.getNano() != 0 || start.getEpochSecond() % window.toSeconds() != 0) {
                // a window's start lies on the grid; 10:02 was stored as 10:02 to 10:07, half of two windows
                throw invalid("windowStart", "windowStart must be the start of a window (a multiple of "
                        + window.toMinutes() + " minutes), as the anomaly gives it");
            }
            return new FeedbackRequest(kind, comment, null, seriesId, start, start.plus(window), group, entityId,
                    true);
        }
        Instant from = instant(n, "from");
        Instant to = instant(n, "to");
        if (!to.isAfter(from)) {
            throw invalid("to", "to must be after from");
        }
        if (from.isAfter(now)) {
            throw invalid("from", "from lies in the future: feedback is on windows already seen (for planned work, "
                    + "give an alert rule a maintenance window)");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw invalid("to", "a range may span at most 93 days");
        }
        return new FeedbackRequest(kind, comment, null, seriesId, from, to, group, entityId, false);
    }


    private static String text(JsonNode n, String field, int max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().length() > max) {
            throw invalid(field, field + " must be a text of at most " + max + " characters");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw invalid(field, field + " is required: an ISO-8601 date-time with offset");
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(field, field + " must be an ISO-8601 date-time with offset, e.g. 2026-11-01T03:00:00Z");
        }
        // ISO-8601 reaches years PostgreSQL cannot store (4714 BC was a 500), as the read API's parameters are bound
        if (!Params.storable(t)) {
            throw invalid(field, field + " must lie between years 1 and 9999");
        }
        return t;
    }

    static RejectedInput invalid(String field, String message) {
        return new RejectedInput(400, "InvalidFeedback", field, message);
    }
}

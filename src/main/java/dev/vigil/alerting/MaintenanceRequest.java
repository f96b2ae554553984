package dev.vigil.alerting;

import static dev.vigil.alerting.RuleRequest.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.query.JsonBodies;
import dev.vigil.query.Params;
import dev.vigil.storage.AlertRule.Maintenance;
import dev.vigil.storage.Recurrence;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a rule's {@code maintenance}: at most 100 periods {@code {from, to, comment?}}, or recurring windows
 * {@code {every: "day" | "week", days?, start, end, timeZone?, comment?, from?, to?}} (a nightly backup at 02:00, a
 * weekend batch), errors naming the field ({@code maintenance[1].start}).
 */
final class MaintenanceRequest {

    private static final int MAX = 100;
    private static final Set<String> FIELDS = Set.of("from", "to", "comment", "every", "days", "start", "end",
            "timeZone");
    private static final Set<String> RECURRING = Set.of("every", "days", "start", "end", "timeZone");
    private static final List<String> DAY_NAMES = Arrays.stream(DayOfWeek.values()).map(Recurrence::dayName).toList();

    private MaintenanceRequest() {
    }

    static List<Maintenance> parse(JsonNode m) {
        List<Maintenance> out = new ArrayList<>();
        if (m == null || m.isNull()) {
            return out;
        }
        if (!m.isArray() || m.size() > MAX) {
            throw invalid("maintenance", "maintenance must be an array of at most " + MAX + " periods {from, to, "
                    + "comment} or recurring windows {every, days, start, end, timeZone, comment}");
        }
        for (int i = 0; i < m.size(); i++) {
            String field = "maintenance[" + i + "]";
            JsonNode w = m.get(i);
            if (!w.isObject()) {
                throw invalid(field, field + " must be an object {from, to, comment} or {every, start, end, ...}");
            }
            String unknown = JsonBodies.unknownField(w, FIELDS, Set.of());
            if (unknown != null) {
                throw invalid(field + "." + unknown, JsonBodies.unknownMessage(field + "." + unknown,
                        "a maintenance period", FIELDS));
            }
            out.add(present(w, "every") ? recurring(w, field) : period(w, field));
        }
        return out;
    }

    private static Maintenance period(JsonNode w, String field) {
        for (String key : RECURRING) {
            if (present(w, key)) {
                throw invalid(field + "." + key, field + "." + key + " belongs to a recurring window: add every "
                        + "(day or week)");
            }
        }
        Instant from = instant(w, "from", field + ".from");
        Instant to = instant(w, "to", field + ".to");
        if (from == null || to == null) {
            throw invalid(field + (from == null ? ".from" : ".to"), field + " needs from and to (or every, for a "
                    + "recurring window)");
        }
        if (!to.isAfter(from)) {
            throw invalid(field + ".to", field + ".to must be after from");
        }
        return new Maintenance(from, to, RuleRequest.text(w, "comment", field + ".comment", null));
    }

    private static Maintenance recurring(JsonNode w, String field) {
        String every = RuleRequest.text(w, "every", field + ".every", null);
        if (!Recurrence.DAY.equals(every) && !Recurrence.WEEK.equals(every)) {
            throw invalid(field + ".every", field + ".every must be day or week");
        }
        List<String> days = days(w.get("days"), field + ".days", every);
        String start = RuleRequest.text(w, "start", field + ".start", null);
        String end = RuleRequest.text(w, "end", field + ".end", null);
        LocalTime from = Recurrence.time(start, false);
        LocalTime to = Recurrence.time(end, true);
        if (from == null) {
            throw invalid(field + ".start", field + ".start must be a local time HH:mm (00:00 to 23:59)");
        }
        if (to == null) {
            throw invalid(field + ".end", field + ".end must be a local time HH:mm (00:00 to 24:00)");
        }
        // 24:00 reads as 00:00 (the next day's), so a start at 00:00 with it is the whole day, not an empty window
        if (from.equals(to) && !Recurrence.MIDNIGHT_END.equals(end)) {
            throw invalid(field + ".end", field + ".end must differ from start (an end before the start runs into "
                    + "the next day)");
        }
        String zone = RuleRequest.text(w, "timeZone", field + ".timeZone", "UTC");
        try {
            zone = ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            throw invalid(field + ".timeZone", field + ".timeZone must be a time zone such as UTC or Europe/Berlin");
        }
        Instant bound = instant(w, "from", field + ".from");
        Instant until = instant(w, "to", field + ".to");
        if (bound != null && until != null && !until.isAfter(bound)) {
            throw invalid(field + ".to", field + ".to must be after from");
        }
        return new Maintenance(bound, until, RuleRequest.text(w, "comment", field + ".comment", null), every, days,
                start, end, zone);
    }

    /** The week's days (lower-case English names, in week order), required with every week, refused with day. */
    private static List<String> days(JsonNode v, String field, String every) {
        if (v == null || v.isNull()) {
            if (Recurrence.WEEK.equals(every)) {
                throw invalid(field, field + " is required with every week: a list such as [\"saturday\", \"sunday\"]");
            }
            return null;
        }
        if (Recurrence.DAY.equals(every)) {
            throw invalid(field, field + " is for every week; every day recurs on all days");
        }
        if (!v.isArray() || v.isEmpty() || v.size() > 7) {
            throw invalid(field, field + " must list 1 to 7 days of the week");
        }
        boolean[] given = new boolean[7];
        for (int i = 0; i < v.size(); i++) {
            String name = v.get(i).isTextual() ? v.get(i).asText().toLowerCase(Locale.ROOT) : "";
            int d = DAY_NAMES.indexOf(name);
            if (d < 0 || given[d]) {
                throw invalid(field + "[" + i + "]", field + "[" + i + "] must be a day of the week (monday to "
                        + "sunday), each once");
            }
            given[d] = true;
        }
        List<String> days = new ArrayList<>();
        for (int d = 0; d < 7; d++) {
            if (given[d]) {
                days.add(DAY_NAMES.get(d));
            }
        }
        return days;
    }

    private static boolean present(JsonNode w, String key) {
        return w.get(key) != null && !w.get(key).isNull();
    }

    /** The date-time at {@code key}, or null when absent. */
    private static Instant instant(JsonNode n, String key, String field) {
        if (!present(n, key)) {
            return null;
        }
        JsonNode v = n.get(key);
        if (!v.isTextual()) {
            throw invalid(field, field + " must be an ISO-8601 date-time with offset");
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(field, field + " must be an ISO-8601 date-time with offset, e.g. 2026-12-01T02:00:00Z");
        }
        if (!Params.storable(t)) {
            throw invalid(field, field + " must lie between years 1 and 9999");
        }
        return t;
    }
}

package dev.vigil.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.aggregation.SeriesKey;
import dev.vigil.ingestion.InputRules;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.query.JsonBodies;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.GroupRule;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads an alert rule from a request body, field by field, so that every error names its field ({@code InvalidRule},
 * 400; {@code InvalidCharacter} for a character its name, metric or dimensions may not hold). Fields left out or null
 * take the default rule's values: a rule that only names its scope is as quiet as the default.
 */
final class RuleRequest {

    static final Set<String> DIRECTIONS = Set.of("up", "down", "both");
    /** The {@code silence} value that turns silence off for the rule's series. */
    static final String SILENCE_OFF = "off";
    /** A rule's silence threshold lies in this range (the upper bound well inside {@code vigil.silence.horizon}). */
    static final Duration MIN_SILENCE = Duration.ofMinutes(5);
    static final Duration MAX_SILENCE = Duration.ofDays(3);
    private static final int MAX_TEXT = InputRules.MAX_TEXT;
    /** A change is measured against at most this many windows back (a day of 5-minute windows). */
    static final int MAX_CHANGE_WINDOWS = 288;
    static final double MAX_CHANGE_PERCENT = 1_000_000;
    /** A change measured a time ago looks back at least a window and at most five weeks (week over week, with room). */
    static final Duration MIN_CHANGE_AGO = Duration.ofMinutes(5);
    static final Duration MAX_CHANGE_AGO = Duration.ofDays(35);

    private static final Set<String> FIELDS = Set.of("name", "metric", "group", "dimensions", "minSeverity",
            "direction", "minConsecutive", "snooze", "maxPerHour", "maintenance", "enabled", "silence", "limits",
            "change", "conditionsOnly", "override");
    /** Shown by the API ({@code RuleView}), not taken: the default rule's confirmation stays the configured one. */
    private static final Set<String> READ_ONLY = Set.of("id", "confirmBelow", "confirmWindows");

    private RuleRequest() {
    }

    static AlertRule parse(String body, AlertRule defaults) {
        JsonNode n = JsonBodies.object(body, "InvalidRule", " describing the rule");
        String unknown = JsonBodies.unknownField(n, FIELDS, READ_ONLY);
        if (unknown != null) {
            throw invalid(unknown, JsonBodies.unknownMessage(unknown, "a rule", FIELDS));
        }
        String name = text(n, "name", null);
        if (name == null) {
            throw invalid("name", "name is required");
        }
        InputRules.name(name, "name");
        if (name.equalsIgnoreCase(AlertRule.DEFAULT_NAME)) {
            // hooks and alert events name rules; this one is the configured default rule's, and Default beside it
            // would read as the same rule
            throw invalid("name", "the name default (in any case) is the default rule's; choose another");
        }
        String metric = text(n, "metric", null);
        if (metric != null) {
            // as ingestion takes a reading's metric: a rule's that no reading could have would cover nothing
            InputRules.text(metric, "metric", "InvalidRule");
        }
        String group = text(n, "group", null);
        if (group != null && !GroupRule.NAME.matcher(group).matches()) {
            // no group could ever have it: the rule would cover nothing, silently
            throw invalid("group", "group must be a group rule's name: 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (group != null && metric != null) {
            throw invalid("group", "a rule covers a metric's series or a group's entities, not both: leave metric out");
        }
        double minSeverity = number(n, "minSeverity", defaults.minSeverity(), 0, 1);
        String direction = text(n, "direction", defaults.direction());
        if (!DIRECTIONS.contains(direction)) {
            throw invalid("direction", "direction must be up, down or both");
        }
        int minConsecutive = whole(n, "minConsecutive", defaults.minConsecutive(), 1, 288);
        Duration snooze = duration(n, "snooze", defaults.snooze());
        int maxPerHour = whole(n, "maxPerHour", defaults.maxPerHour(), 1, 1_000_000);
        boolean enabled = !n.hasNonNull("enabled") || bool(n, "enabled");
        Duration silence = silence(n);
        if (silence != null && group != null) {
            throw invalid("silence", "silence applies to the series a rule covers, not to a group's entities");
        }
        AlertRule.Limits limits = limits(n);
        if (limits != null && group != null) {
            throw invalid("limits", "limits apply to the values of the series a rule covers, not to a group's "
                    + "entities");
        }
        if (limits != null && metric == null) {
            throw invalid("limits", "limits are in one metric's units: set metric");
        }
        AlertRule.Change change = change(n);
        if (change != null && change.within() && !"both".equals(direction)) {
            throw invalid("direction", "a change condition with within flags values that did not move, on neither "
                    + "side: direction must be both");
        }
        if (change != null && group != null) {
            throw invalid("change", "change applies to the values of the series a rule covers, not to a group's "
                    + "entities");
        }
        boolean conditionsOnly = n.has("conditionsOnly") && !n.get("conditionsOnly").isNull()
                && bool(n, "conditionsOnly");
        if (conditionsOnly && limits == null && change == null) {
            throw invalid("conditionsOnly", "a rule with conditionsOnly decides only what its limits or change flag: "
                    + "set one");
        }
        boolean override = n.has("override") && !n.get("override").isNull() && bool(n, "override");
        if (override && group != null) {
            throw invalid("override", "override replaces other rules over series; a group's rules all decide");
        }
        if (override && conditionsOnly) {
            throw invalid("override", "a conditions-only rule never takes the detector's flags, so it overrides none: "
                    + "set one of override and conditionsOnly");
        }
        return new AlertRule(0, name, metric, group, dimensions(n, metric), minSeverity, direction, minConsecutive,
                snooze, maxPerHour, MaintenanceRequest.parse(n.get("maintenance")), enabled, 0, 0, silence, limits,
                change, conditionsOnly, override);
    }

    /**
     * null, or {@code {"percent": p, "windows": n, "ago": d, "within": b}}: p above 0; n a whole number from 1 to 288
     * (default 1) or d an ISO-8601 duration of whole minutes from PT5M to P35D (not both); b true or false (default
     * false).
     */
    private static AlertRule.Change change(JsonNode n) {
        JsonNode v = n.get("change");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw invalid("change", "change must be an object {\"percent\": p, \"windows\": n or \"ago\": d, "
                    + "\"within\": b} (windows and within may be left out: 1, false)");
        }
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!Set.of("percent", "windows", "ago", "within").contains(key)) {
                throw invalid("change." + key, "change has only percent, windows, ago and within");
            }
        }
        JsonNode p = v.get("percent");
        if (p == null || p.isNull() || !p.isNumber() || !(p.asDouble() > 0 && p.asDouble() <= MAX_CHANGE_PERCENT)) {
            throw invalid("change.percent", "change.percent must be a number above 0 and at most "
                    + fmt(MAX_CHANGE_PERCENT));
        }
        JsonNode w = v.get("windows");
        int windows = 1;
        if (w != null && !w.isNull()) {
            if (!w.isNumber() || w.asDouble() % 1 != 0 || w.asDouble() < 1 || w.asDouble() > MAX_CHANGE_WINDOWS) {
                throw invalid("change.windows", "change.windows must be a whole number from 1 to "
                        + MAX_CHANGE_WINDOWS);
            }
            windows = w.asInt();
        }
        JsonNode within = v.get("within");
        if (within != null && !within.isNull() && !within.isBoolean()) {
            throw invalid("change.within", "change.within must be true or false");
        }
        JsonNode a = v.get("ago");
        Duration ago = null;
        if (a != null && !a.isNull()) {
            ago = within(a, MIN_CHANGE_AGO, MAX_CHANGE_AGO);
            if (ago == null || ago.toSeconds() % 60 != 0 || ago.getNano() != 0) {
                throw invalid("change.ago", "change.ago must be an ISO-8601 duration of whole minutes from PT5M to "
                        + "P35D, e.g. P7D (the same time a week before)");
            }
            if (w != null && !w.isNull()) {
                throw invalid("change.ago", "change is measured windows back or a time ago, not both: leave windows "
                        + "out");
            }
        }
        return new AlertRule.Change(p.asDouble(), ago == null ? windows : 0, ago,
                within != null && within.asBoolean());
    }

    /** null, or {@code {"lower": x, "upper": y}} with at least one finite number, lower below upper. */
    private static AlertRule.Limits limits(JsonNode n) {
        JsonNode v = n.get("limits");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw invalid("limits", "limits must be an object {\"lower\": x, \"upper\": y} (either may be left out)");
        }
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("lower") && !key.equals("upper")) {
                throw invalid("limits." + key, "limits has only lower and upper");
            }
        }
        Double lower = bound(v, "lower");
        Double upper = bound(v, "upper");
        if (lower == null && upper == null) {
            throw invalid("limits", "limits needs lower, upper or both");
        }
        if (lower != null && upper != null && !(lower < upper)) {
            throw invalid("limits.upper", "limits.upper must be above limits.lower");
        }
        return new AlertRule.Limits(lower, upper);
    }

    private static Double bound(JsonNode limits, String key) {
        JsonNode v = limits.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw invalid("limits." + key, "limits." + key + " must be a finite number");
        }
        return v.asDouble();
    }

    /** null (the default threshold), ZERO ({@code "off"}) or a duration from PT5M to P3D. */
    private static Duration silence(JsonNode n) {
        JsonNode v = n.get("silence");
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual() && SILENCE_OFF.equals(v.asText())) {
            return Duration.ZERO;
        }
        Duration d = within(v, MIN_SILENCE, MAX_SILENCE);
        if (d != null && d.getNano() == 0) {
            return d;
        }
        throw invalid("silence", "silence must be \"off\" or an ISO-8601 duration of whole seconds from PT5M to P3D, "
                + "e.g. PT2H");
    }

    private static Map<String, String> dimensions(JsonNode n, String metric) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode d = n.get("dimensions");
        if (d == null || d.isNull()) {
            return out;
        }
        if (!d.isObject()) {
            throw invalid("dimensions", "dimensions must be an object of text values, e.g. {\"region\": \"north\"}");
        }
        // a series has at most this many (ingestion's bound), so a filter with more matches none; and every enabled
        // rule is read for each chunk's decisions: megabytes of filter slowed detection for everyone
        if (d.size() > InputRules.MAX_DIMENSIONS) {
            throw invalid("dimensions", "dimensions may hold at most " + InputRules.MAX_DIMENSIONS + " entries, as a "
                    + "series' may: a filter with more matches no series");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "dimensions." + e.getKey();
            if (!e.getValue().isTextual()) {
                throw invalid(field, field + " must be a text");
            }
            // keys and values as ingestion takes a reading's
            InputRules.text(e.getKey(), "dimensions key", "InvalidRule");
            out.put(e.getKey(), InputRules.text(e.getValue().asText(), field, "InvalidRule"));
        }
        try {
            // a series' key holds every entry of a filter that matches it: past ingestion's bound none could
            InputRules.seriesKey(SeriesKey.of(metric == null ? "m" : metric, out), "dimensions");
        } catch (RejectedInput e) {
            throw invalid("dimensions", e.getMessage() + ", so no series could match this filter");
        }
        return out;
    }

    private static String text(JsonNode n, String field, String fallback) {
        return text(n, field, field, fallback);
    }

    /** The text at {@code key} of {@code n}, errors naming {@code path} (the key's place in the body). */
    static String text(JsonNode n, String key, String path, String fallback) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual() || v.asText().isBlank() || InputRules.longer(v.asText(), MAX_TEXT)) {
            throw invalid(path, path + " must be a text of 1 to 256 characters");
        }
        return v.asText();
    }

    private static double number(JsonNode n, String field, double fallback, double min, double max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber() || !(v.asDouble() >= min && v.asDouble() <= max)) {
            throw invalid(field, field + " must be a number from " + fmt(min) + " to " + fmt(max));
        }
        return v.asDouble();
    }

    /** A whole number in [min, max]: 2.7 is refused, not cut to 2. */
    private static int whole(JsonNode n, String field, int fallback, int min, int max) {
        double v = number(n, field, fallback, min, max);
        if (v % 1 != 0) {
            throw invalid(field, field + " must be a whole number from " + min + " to " + max);
        }
        return (int) v;
    }

    private static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (!v.isBoolean()) {
            throw invalid(field, field + " must be true or false");
        }
        return v.asBoolean();
    }

    private static Duration duration(JsonNode n, String field, Duration fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        Duration d = within(v, Duration.ZERO, Duration.ofDays(30));
        if (d != null && d.getNano() == 0) {
            return d;
        }
        throw invalid(field, field + " must be an ISO-8601 duration of whole seconds from PT0S to P30D, e.g. PT1H");
    }

    /** The ISO-8601 duration text in {@code v} if it lies in [min, max], else null (the caller names the field). */
    private static Duration within(JsonNode v, Duration min, Duration max) {
        if (!v.isTextual()) {
            return null;
        }
        try {
            Duration d = Duration.parse(v.asText());
            return d.compareTo(min) >= 0 && d.compareTo(max) <= 0 ? d : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** A rule's group no group has: create and preview answer alike (a misspelt group would cover nothing). */
    static RejectedInput unknownGroup(String group) {
        return invalid("group", "no group is named '" + group + "' (GET /api/v1/groups lists them)");
    }

    static RejectedInput invalid(String field, String message) {
        return new RejectedInput(400, "InvalidRule", field, message);
    }
}

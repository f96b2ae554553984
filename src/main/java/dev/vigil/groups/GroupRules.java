package dev.vigil.groups;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detection.multivariate.FillMode;
import dev.vigil.detection.multivariate.FillPolicy;
import dev.vigil.ingestion.InputRules;
import dev.vigil.query.JsonBodies;
import dev.vigil.storage.GroupAggregate;
import dev.vigil.storage.GroupRule;
import dev.vigil.time.IsoDurations;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a group rule, from an API body or from configuration, and applies the defaults (the one place they live):
 * aggregate {@code mean}, fill {@code linear}, training span {@code P30D} ({@code P365D} for a step whose 30 days hold
 * fewer rows than a model needs), step the stored window. Every error names its field.
 */
public final class GroupRules {

    public static final GroupAggregate DEFAULT_AGGREGATE = GroupAggregate.MEAN;
    public static final FillMode DEFAULT_FILL = FillMode.LINEAR;
    public static final Duration DEFAULT_SPAN = Duration.ofDays(30);
    /**
     * The training span of a rule that gives none when {@link #DEFAULT_SPAN} holds fewer than the engine's 100 rows
     * of its step (steps over 7.2 hours: PT8H, PT12H, P1D): a year, so a daily group created with its step alone
     * trains (on 365 rows, a whole seasonal cycle) instead of being refused for a span it never chose.
     */
    public static final Duration COARSE_DEFAULT_SPAN = Duration.ofDays(365);
    /** The engine needs at least 100 rows of 5 minutes; a day gives it 288. */
    static final Duration MIN_SPAN = Duration.ofDays(1);
    /** The windows' retention default (P400D): a longer span would reach windows already dropped. */
    static final Duration MAX_SPAN = Duration.ofDays(400);
    /**
     * The most rows a model trains on: 90 days of 5-minute rows, the longest span before coarse steps could ask for
     * more. A daily group needs 100 days (the engine's 100 rows), which the span's old cap of P90D never held.
     */
    static final long MAX_ROWS = 90L * 288;
    /** Steps above a day would make a span of 100 rows longer than three months (the engine needs 100). */
    static final Duration MAX_STEP = Duration.ofDays(1);
    static final int MAX_METRICS = 500;
    static final int MAX_BY = 16;
    private static final Set<String> FIELDS = Set.of("name", "metrics", "by", "aggregate", "fill", "fillValue",
            "trainingSpan", "step");
    /** Shown by the API ({@link RuleView}), not taken, so a rule read can be changed and put back. */
    private static final Set<String> READ_ONLY = Set.of("source", "revision");

    private GroupRules() {
    }

    /**
     * A rule from an API body; {@code pathName}, when given, must match a name in the body (or stands for it);
     * {@code window}: the stored window size, the default step and the unit of every step.
     */
    static GroupRule fromJson(JsonNode body, String pathName, Duration window) {
        if (body == null || !body.isObject()) {
            throw GroupRejected.invalid("MalformedJson", null, "the body must be a JSON object");
        }
        String unknown = JsonBodies.unknownField(body, FIELDS, READ_ONLY);
        if (unknown != null) {
            throw GroupRejected.invalid("UnknownField", unknown, JsonBodies.unknownMessage(unknown, "a group rule",
                    FIELDS));
        }
        String name = pathName;
        JsonNode n = body.get("name");
        if (n != null && !n.isNull()) {
            if (!n.isTextual()) {
                throw GroupRejected.invalid("InvalidGroupName", "name", "name must be a string");
            }
            if (pathName != null && !pathName.equals(n.asText())) {
                throw GroupRejected.invalid("InvalidGroupName", "name", "name must match the path: " + pathName);
            }
            name = n.asText();
        }
        JsonNode fillValue = body.get("fillValue");
        if (fillValue != null && !fillValue.isNull() && !fillValue.isNumber()) {
            throw GroupRejected.invalid("InvalidFillValue", "fillValue", "fillValue must be a number");
        }
        return rule(name, strings(body.get("metrics"), "metrics", "InvalidMetrics", true),
                strings(body.get("by"), "by", "InvalidBy", false), text(body.get("aggregate"), "aggregate",
                        "InvalidAggregate"), text(body.get("fill"), "fill", "InvalidFill"),
                fillValue == null || fillValue.isNull() ? null : fillValue.asDouble(),
                text(body.get("trainingSpan"), "trainingSpan", "InvalidTrainingSpan"),
                text(body.get("step"), "step", "InvalidStep"), window, GroupRule.API);
    }

    /** A rule from configuration; the same checks, so a bad configured rule stops the start with its field. */
    static GroupRule fromConfig(String name, GroupConfig.Rule r, Duration window) {
        return rule(name, r.metrics(), r.by().orElse(List.of()), r.aggregate().orElse(null), r.fill().orElse(null),
                r.fillValue().isPresent() ? r.fillValue().getAsDouble() : null, r.trainingSpan().orElse(null),
                r.step().orElse(null), window, GroupRule.CONFIG);
    }

    static GroupRule rule(String name, List<String> metrics, List<String> by, String aggregate, String fill,
                          Double fillValue, String span, String step, Duration window, String source) {
        if (name == null || !GroupRule.NAME.matcher(name).matches()) {
            throw GroupRejected.invalid("InvalidGroupName", "name", "name must be 1 to 64 letters, digits, '.', '_' "
                    + "or '-', starting with a letter or digit");
        }
        checkList(metrics, "metrics", "InvalidMetrics", MAX_METRICS);
        if (metrics.isEmpty()) {
            throw GroupRejected.invalid("InvalidMetrics", "metrics", "metrics must name at least one metric");
        }
        checkList(by, "by", "InvalidBy", MAX_BY);
        GroupAggregate a = aggregate == null ? DEFAULT_AGGREGATE : GroupAggregate.parse(aggregate);
        if (a == null) {
            throw GroupRejected.invalid("InvalidAggregate", "aggregate",
                    "aggregate must be mean, min, max, sum, count or last");
        }
        FillMode mode;
        try {
            mode = fill == null ? DEFAULT_FILL : FillMode.parse(fill);
        } catch (IllegalArgumentException e) {
            throw GroupRejected.invalid("InvalidFill", "fill",
                    "fill must be linear, previous, subsequent, zero, fixed or notFill");
        }
        if (fillValue != null && !(Math.abs(fillValue) <= InputRules.MAX_ABS_VALUE)) {
            // readings' own bound: a fill of 1e308 overflowed the training's sums ("convergence failed")
            throw GroupRejected.invalid("InvalidFillValue", "fillValue", "fillValue must be a number within ±"
                    + InputRules.MAX_ABS_VALUE + ", as readings are");
        }
        if (mode == FillMode.FIXED && fillValue == null) {
            throw GroupRejected.invalid("InvalidFillValue", "fillValue", "fill fixed needs a fillValue");
        }
        Duration st = step(step, window);
        Duration d;
        try {
            d = span == null ? defaultSpan(st) : Duration.parse(span);
        } catch (DateTimeParseException e) {
            d = null;
        }
        if (d == null || d.compareTo(MIN_SPAN) < 0 || d.compareTo(MAX_SPAN) > 0) {
            throw GroupRejected.invalid("InvalidTrainingSpan", "trainingSpan",
                    "trainingSpan must be an ISO-8601 duration from P1D to P400D, e.g. P30D");
        }
        long rows = d.toSeconds() / st.toSeconds();
        if (rows < GroupEngine.SETTINGS.minRows()) {
            throw GroupRejected.invalid("InvalidTrainingSpan", "trainingSpan", String.format(Locale.ROOT,
                    "trainingSpan %s holds %d rows of step %s; a model needs at least %d: a longer span or a "
                            + "shorter step", IsoDurations.text(d), rows, IsoDurations.text(st), GroupEngine.SETTINGS.minRows()));
        }
        if (rows > MAX_ROWS) {
            throw GroupRejected.invalid("InvalidTrainingSpan", "trainingSpan", String.format(Locale.ROOT,
                    "trainingSpan %s holds %d rows of step %s; a model trains on at most %d: a shorter span or a "
                            + "longer step", IsoDurations.text(d), rows, IsoDurations.text(st), MAX_ROWS));
        }
        return new GroupRule(name, metrics, by, a, new FillPolicy(mode, mode == FillMode.FIXED ? fillValue : 0), d,
                st, source, 1);
    }

    /** The training span of a rule of step {@code step} that gives none. */
    static Duration defaultSpan(Duration step) {
        return DEFAULT_SPAN.toSeconds() / step.toSeconds() >= GroupEngine.SETTINGS.minRows() ? DEFAULT_SPAN
                : COARSE_DEFAULT_SPAN;
    }

    /**
     * The grid step: the window itself by default, else a whole multiple of it up to a day that divides a day, so
     * that cells start on the hour or the day as the windows do (PT15M, PT1H, PT6H, P1D).
     */
    private static Duration step(String text, Duration window) {
        if (text == null) {
            return window;
        }
        Duration st;
        try {
            st = Duration.parse(text);
        } catch (DateTimeParseException e) {
            st = null;
        }
        if (st == null || st.isNegative() || st.isZero() || st.getNano() != 0 || st.compareTo(MAX_STEP) > 0
                || st.toSeconds() % window.toSeconds() != 0 || 86_400 % st.toSeconds() != 0) {
            throw GroupRejected.invalid("InvalidStep", "step", "step must be an ISO-8601 duration that is a "
                    + "multiple of the " + window + " window, divides a day and is at most P1D, e.g. PT1H");
        }
        return st;
    }

    /** Azure MVAD's spelling of a fill mode ({@code linear}, {@code notFill}, ...). */
    public static String fillLabel(FillMode mode) {
        return mode == FillMode.NOT_FILL ? "notFill" : mode.name().toLowerCase(Locale.ROOT);
    }

    private static void checkList(List<String> values, String field, String code, int max) {
        if (values.size() > max) {
            throw GroupRejected.invalid(code, field, field + " may hold at most " + max + " names");
        }
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v == null || v.isBlank() || v.length() > 256 || v.chars().anyMatch(Character::isISOControl)) {
                throw GroupRejected.invalid(code, field + "[" + i + "]",
                        field + " entries must be 1 to 256 characters without control characters");
            }
        }
        if (new HashSet<>(values).size() != values.size()) {
            throw GroupRejected.invalid(code, field, field + " must not repeat a name");
        }
    }

    private static List<String> strings(JsonNode node, String field, String code, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                throw GroupRejected.invalid(code, field, field + " is required: an array of names");
            }
            return List.of();
        }
        if (!node.isArray()) {
            throw GroupRejected.invalid(code, field, field + " must be an array of names");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw GroupRejected.invalid(code, field + "[" + i + "]", field + " entries must be strings");
            }
            out.add(node.get(i).asText());
        }
        return out;
    }

    private static String text(JsonNode node, String field, String code) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw GroupRejected.invalid(code, field, field + " must be a string");
        }
        return node.asText();
    }
}

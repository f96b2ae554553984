package dev.vigil.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detection.multivariate.FillMode;
import dev.vigil.detection.multivariate.FillPolicy;
import dev.vigil.ingestion.InputRules;
import dev.vigil.time.IsoInstants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and validates the multivariate request bodies with the service's error codes (azure-api.md §5.7). Both
 * spellings are accepted in every version: {@code dataSource} (GA) and {@code source} (preview), {@code variable}
 * (GA) and {@code name} (preview).
 */
final class MvRequests {

    static final int DEFAULT_SLIDING_WINDOW = 300;
    static final int MIN_SLIDING_WINDOW = 28;
    static final int MAX_SLIDING_WINDOW = 2880;
    static final int DEFAULT_TOP = 10;
    static final int MAX_TOP = 30;

    /** How variables are aligned: {@code Inner} keeps fully observed timestamps, {@code Outer} fills the gaps. */
    record Align(boolean inner, FillPolicy fill) {
    }

    /** A validated train request and its echo. */
    record TrainSpec(String dataSource, String dataSchema, Instant startTime, Instant endTime, String displayName,
                     int slidingWindow, Align align, MvWire.AlignPolicy alignPolicy) {

        MvWire.TrainRequest echo() {
            return new MvWire.TrainRequest(dataSource, dataSchema, startTime.toString(), endTime.toString(),
                    displayName, slidingWindow, alignPolicy);
        }
    }

    /** A validated batch detection request. */
    record BatchSpec(String dataSource, Instant startTime, Instant endTime, int topContributorCount) {

        MvWire.BatchOptions echo() {
            return new MvWire.BatchOptions(dataSource, topContributorCount, startTime.toString(), endTime.toString());
        }
    }

    /** One variable of a last detection. */
    record VariableValues(String variable, List<Instant> timestamps, double[] values) {
    }

    /** A validated last detection request; {@code points} is how many of the newest timestamps are reported. */
    record LastSpec(List<VariableValues> variables, int topContributorCount, int points) {
    }

    private MvRequests() {
    }

    static TrainSpec train(JsonNode body) {
        object(body);
        String source = source(body);
        Instant start = time(body, "startTime", "RequiredStartTime");
        Instant end = time(body, "endTime", "RequiredEndTime");
        if (end.isBefore(start)) {
            throw bad("InvalidTimestampFormat", "endTime (" + end + ") must not be before startTime (" + start + ").");
        }
        String schema = text(body, "dataSchema");
        if (schema == null) {
            schema = "OneTable";
        } else if (!schema.equals("OneTable") && !schema.equals("MultiTable")) {
            throw bad(ErrorCodes.BAD_ARGUMENT, "dataSchema must be OneTable or MultiTable, was '" + schema + "'.");
        }
        String name = printable(text(body, "displayName"), "displayName", ErrorCodes.BAD_ARGUMENT);
        // characters as people count them: an emoji is one, not the two UTF-16 units of String.length
        int characters = name == null ? 0 : name.codePointCount(0, name.length());
        if (characters > 24) {
            throw bad(ErrorCodes.BAD_ARGUMENT, "displayName must be at most 24 characters, was " + characters + ".");
        }
        int window = DEFAULT_SLIDING_WINDOW;
        JsonNode w = body.get("slidingWindow");
        if (w != null && !w.isNull()) {
            if (!w.isIntegralNumber() || w.asLong() < MIN_SLIDING_WINDOW || w.asLong() > MAX_SLIDING_WINDOW) {
                throw bad("InvalidSlidingWindow", "slidingWindow must be an integer from " + MIN_SLIDING_WINDOW
                        + " to " + MAX_SLIDING_WINDOW + ", was " + w + ".");
            }
            window = w.asInt();
        }
        JsonNode policy = body.get("alignPolicy");
        if (policy != null && !policy.isNull() && !policy.isObject()) {
            throw bad("InvalidJsonFormat", "alignPolicy must be an object.");
        }
        return alignPolicy(policy == null || policy.isNull() ? null : policy, source, schema, start, end, name, window);
    }

    private static TrainSpec alignPolicy(JsonNode p, String source, String schema, Instant start, Instant end,
                                         String name, int window) {
        String mode = p == null ? null : text(p, "alignMode");
        boolean inner;
        if (mode == null || mode.equalsIgnoreCase("Outer")) {
            inner = false;
            mode = "Outer";
        } else if (mode.equalsIgnoreCase("Inner")) {
            inner = true;
            mode = "Inner";
        } else {
            throw bad("InvalidAlignMode", "alignPolicy.alignMode must be Inner or Outer, was '" + mode + "'.");
        }
        String method = p == null ? null : text(p, "fillNAMethod");
        FillMode fill;
        try {
            fill = method == null ? FillMode.LINEAR : FillMode.parse(method);
        } catch (IllegalArgumentException e) {
            throw bad("InvalidFillNAMethod", "alignPolicy.fillNAMethod must be Previous, Subsequent, Linear, Zero,"
                    + " Fixed or NotFill, was '" + method + "'.");
        }
        if (fill == FillMode.NOT_FILL && !inner) {
            throw bad("InvalidFillNAMethod", "alignPolicy.fillNAMethod NotFill is not allowed with alignMode Outer.");
        }
        JsonNode pad = p == null ? null : p.get("paddingValue");
        Double padding = null;
        if (pad != null && !pad.isNull()) {
            if (!pad.isNumber() || !Double.isFinite(pad.asDouble())) {
                throw bad("RequiredPaddingValue", "alignPolicy.paddingValue must be a finite number.");
            }
            // it fills gaps among the data's values, so it keeps their bound: 1e308 overflowed training's sums
            if (Math.abs(pad.asDouble()) > UnivariateRequest.MAX_ABS_VALUE) {
                throw bad("RequiredPaddingValue", "alignPolicy.paddingValue is out of range [-1e100, 1e100], was "
                        + pad + ".");
            }
            padding = pad.asDouble();
        }
        if (fill == FillMode.FIXED && padding == null) {
            throw bad("RequiredPaddingValue", "alignPolicy.paddingValue is required when fillNAMethod is Fixed.");
        }
        String echoed = method == null ? "Linear" : azureName(fill);
        Align align = new Align(inner, new FillPolicy(fill, padding == null ? 0 : padding));
        return new TrainSpec(source, schema, start, end, name, window, align,
                new MvWire.AlignPolicy(mode, echoed, padding == null ? 0.0 : padding));
    }

    static BatchSpec batch(JsonNode body) {
        object(body);
        String source = source(body);
        Instant start = time(body, "startTime", "RequiredStartTime");
        Instant end = time(body, "endTime", "RequiredEndTime");
        if (end.isBefore(start)) {
            throw bad("InvalidTimestampFormat", "endTime (" + end + ") must not be before startTime (" + start + ").");
        }
        return new BatchSpec(source, start, end, count(body, "topContributorCount", DEFAULT_TOP, MAX_TOP));
    }

    static LastSpec last(JsonNode body, boolean preview) {
        object(body);
        JsonNode vars = body.get("variables");
        if (vars == null || !vars.isArray() || vars.isEmpty()) {
            throw bad(ErrorCodes.BAD_ARGUMENT, "variables is required: a non-empty array of {variable, timestamps, values}.");
        }
        List<VariableValues> out = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            out.add(variable(vars.get(i), "variables[" + i + "]"));
        }
        int top = count(body, "topContributorCount", DEFAULT_TOP, MAX_TOP);
        int points = preview ? count(body, "detectingPoints", 1, MAX_SLIDING_WINDOW) : 1;
        return new LastSpec(out, top, points);
    }

    private static VariableValues variable(JsonNode v, String field) {
        if (v == null || !v.isObject()) {
            throw bad(ErrorCodes.BAD_ARGUMENT, field + " must be an object {variable, timestamps, values}.");
        }
        String name = text(v, "variable");
        name = name == null ? text(v, "name") : name;
        if (name == null || name.isBlank()) {
            throw bad(ErrorCodes.BAD_ARGUMENT, field + ".variable is required.");
        }
        printable(name, field + ".variable", ErrorCodes.BAD_ARGUMENT);
        JsonNode ts = v.get("timestamps");
        JsonNode vs = v.get("values");
        if (ts == null || !ts.isArray() || vs == null || !vs.isArray() || ts.size() != vs.size() || ts.isEmpty()) {
            throw bad(ErrorCodes.BAD_ARGUMENT, field + ": timestamps and values must be non-empty arrays of the same length.");
        }
        List<Instant> times = new ArrayList<>();
        double[] values = new double[vs.size()];
        for (int i = 0; i < ts.size(); i++) {
            JsonNode t = ts.get(i);
            Instant parsed = t.isTextual() ? Timestamps.parse(t.asText()).orElse(null) : null;
            if (parsed == null) {
                throw bad("InvalidTimestampFormat", field + ".timestamps[" + i + "] is not an ISO 8601 timestamp.");
            }
            times.add(inYears(parsed, field + ".timestamps[" + i + "]"));
            JsonNode x = vs.get(i);
            if (!x.isNumber() || !Double.isFinite(x.asDouble())) {
                throw bad(ErrorCodes.BAD_ARGUMENT, field + ".values[" + i + "] must be a finite number.");
            }
            // as the univariate API: beyond it the engine's squares overflow and a score came back as NaN
            if (Math.abs(x.asDouble()) > UnivariateRequest.MAX_ABS_VALUE) {
                throw bad(ErrorCodes.BAD_ARGUMENT, field + ".values[" + i + "] is out of range [-1e100, 1e100].");
            }
            values[i] = x.asDouble();
        }
        return new VariableValues(name, times, values);
    }

    private static int count(JsonNode body, String field, int dflt, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > max) {
            throw bad(ErrorCodes.BAD_ARGUMENT, field + " must be an integer from 1 to " + max + ", was " + n + ".");
        }
        return n.asInt();
    }

    private static void object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw bad("InvalidJsonFormat", "The request body must be a JSON object.");
        }
    }

    private static String source(JsonNode body) {
        String s = text(body, "dataSource");
        s = s == null ? text(body, "source") : s;
        if (s == null || s.isBlank()) {
            throw bad("RequiredSource", "dataSource is required: the URL or file: path of the data.");
        }
        // a lone surrogate or NUL was changed on the way to the fetch (which breaks a signed URL) or to PostgreSQL
        return printable(s, "dataSource", "InvalidBlobURL").trim();
    }

    private static Instant time(JsonNode body, String field, String requiredCode) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull() || (n.isTextual() && n.asText().isBlank())) {
            throw bad(requiredCode, field + " is required.");
        }
        Instant t = (n.isTextual() ? Timestamps.parse(n.asText()) : java.util.Optional.<Instant>empty())
                .orElseThrow(() -> bad("InvalidTimestampFormat", field + " must be an ISO 8601 timestamp, was " + n + "."));
        return inYears(t, field);
    }

    /** As Vigil's own API: a time is echoed back, and the SDKs cannot read years beyond four digits. */
    private static Instant inYears(Instant t, String field) {
        if (!IsoInstants.inFourDigitYears(t)) {
            throw bad("InvalidTimestampFormat", field + " must lie between years 1 and 9999, was " + t + ".");
        }
        return t;
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw bad("InvalidJsonFormat", field + " must be a string.");
        }
        return n.asText();
    }

    /**
     * {@code s} unless it holds a control character or an unpaired UTF-16 surrogate (JSON escapes can carry both):
     * PostgreSQL cannot store NUL, and UTF-8 has no encoding for a lone surrogate, so the text would have been
     * refused by the database (a 500) or stored as another ({@code ?}). 400 {@code code} naming {@code field}.
     */
    static String printable(String s, String field, String code) {
        String bad = s == null ? null : InputRules.badCharacter(s, true);
        if (bad != null) {
            throw bad(code, field + " holds " + bad + "; texts must be printable and valid UTF-16.");
        }
        return s;
    }

    private static String azureName(FillMode m) {
        return switch (m) {
            case LINEAR -> "Linear";
            case PREVIOUS -> "Previous";
            case SUBSEQUENT -> "Subsequent";
            case ZERO -> "Zero";
            case FIXED -> "Fixed";
            case NOT_FILL -> "NotFill";
        };
    }

    static Align align(MvWire.AlignPolicy p) {
        FillMode fill = FillMode.parse(p.fillNAMethod());
        return new Align("Inner".equals(p.alignMode()),
                new FillPolicy(fill, p.paddingValue() == null ? 0 : p.paddingValue()));
    }

    private static AzureApiException bad(String code, String message) {
        return AzureApiException.badRequest(code, message);
    }
}

package dev.vigil.api;

import static dev.vigil.api.ErrorCodes.BAD_ARGUMENT;
import static dev.vigil.api.ErrorCodes.INVALID_BOUNDARY_VERSION;
import static dev.vigil.api.ErrorCodes.INVALID_CUSTOM_INTERVAL;
import static dev.vigil.api.ErrorCodes.INVALID_GRANULARITY;
import static dev.vigil.api.ErrorCodes.INVALID_IMPUTE_FIXED_VALUE;
import static dev.vigil.api.ErrorCodes.INVALID_IMPUTE_MODE;
import static dev.vigil.api.ErrorCodes.INVALID_MODEL_ARGUMENT;
import static dev.vigil.api.ErrorCodes.INVALID_PERIOD;
import static dev.vigil.api.ErrorCodes.INVALID_SERIES;
import static dev.vigil.api.ErrorCodes.REQUIRED_GRANULARITY;
import static dev.vigil.api.ErrorCodes.REQUIRED_SERIES;
import static dev.vigil.api.AzureApiException.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detection.batch.Granularity;
import dev.vigil.detection.batch.ImputeMode;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A validated univariate request (entire, last or change-point), read leniently from any JSON the SDKs send
 * (ints or floats, the flat v1.1 impute fields, the nested preview {@code imputeStrategy}, the legacy
 * {@code fillUpMode}) and strictly checked against the contract's limits. Unknown fields are ignored.
 *
 * @param positions grid index of every point (its own index for granularity {@code none}), strictly increasing
 * @param period    the caller's period, or null to detect it
 * @param trendBoundary the service's hidden {@code boundaryVersion} is V2 or V3 (trend-based margins); V1 or absent
 *                      is the default
 */
record UnivariateRequest(Granularity granularity, int customInterval, Integer period, double sensitivity,
                         double maxAnomalyRatio, ImputeMode imputeMode, double imputeFixedValue, double[] values,
                         long[] positions, Integer stableTrendWindow, Double threshold, boolean trendBoundary) {

    static final int MIN_POINTS = 12;
    static final int MAX_POINTS = 8640;
    static final double MAX_ABS_VALUE = 1e100;

    /** Reads an entire/last request body. */
    static UnivariateRequest detection(JsonNode body) {
        return read(body, false);
    }

    /** Reads a change-point request body (granularity is required there). */
    static UnivariateRequest changePoint(JsonNode body) {
        return read(body, true);
    }

    private static UnivariateRequest read(JsonNode body, boolean changePoint) {
        if (body == null || !body.isObject()) {
            throw badRequest(BAD_ARGUMENT, "The request body must be a JSON object.");
        }
        Granularity granularity = granularity(body.get("granularity"), changePoint);
        int interval = customInterval(body.get("customInterval"));
        Integer period = period(body.get("period"));
        double sensitivity = number(body.get("sensitivity"), 99, 0, 100, INVALID_MODEL_ARGUMENT,
                "The 'sensitivity' argument must be a number between 0 and 99.");
        double ratio = number(body.get("maxAnomalyRatio"), 0.25, 0, 0.5, INVALID_MODEL_ARGUMENT,
                "The 'maxAnomalyRatio' argument must be a number greater than 0 and less than 0.5.");
        if (ratio <= 0 || ratio >= 0.5) {
            throw badRequest(INVALID_MODEL_ARGUMENT,
                    "The 'maxAnomalyRatio' argument must be a number greater than 0 and less than 0.5.");
        }
        ImputeMode mode = imputeMode(body);
        boolean trendBoundary = trendBoundary(body.get("boundaryVersion"));
        double fixed = mode == ImputeMode.FIXED ? fixedValue(body) : 0;
        JsonNode series = body.get("series");
        if (series == null || series.isNull()) {
            throw badRequest(REQUIRED_SERIES, "The 'series' field is required.");
        }
        if (!series.isArray()) {
            throw badRequest(BAD_ARGUMENT, "The 'series' field must be an array of points.");
        }
        int n = series.size();
        if (n < MIN_POINTS || n > MAX_POINTS) {
            throw badRequest(INVALID_SERIES, "The 'series' field must have at least " + MIN_POINTS
                    + " and at most " + MAX_POINTS + " points, it has " + n + ".");
        }
        double[] values = new double[n];
        long[] positions = new long[n];
        readPoints(series, granularity, interval, values, positions);
        Integer window = null;
        Double threshold = null;
        if (changePoint) {
            window = stableTrendWindow(body.get("stableTrendWindow"), granularity, n);
            threshold = number(body.get("threshold"), granularity.changePointThreshold(), 0, 1,
                    INVALID_MODEL_ARGUMENT, "The 'threshold' argument must be a number between 0 and 1.");
            if (threshold <= 0 || threshold >= 1) {
                throw badRequest(INVALID_MODEL_ARGUMENT, "The 'threshold' argument must be a number between 0 and 1.");
            }
        }
        return new UnivariateRequest(granularity, interval, period, sensitivity, ratio, mode, fixed, values,
                positions, window, threshold, trendBoundary);
    }

    private static void readPoints(JsonNode series, Granularity granularity, int interval, double[] values,
                                   long[] positions) {
        Instant origin = null;
        Instant previous = null;
        for (int i = 0; i < values.length; i++) {
            JsonNode point = series.get(i);
            if (point == null || !point.isObject()) {
                throw badRequest(BAD_ARGUMENT, "The point at index " + i + " of 'series' must be an object.");
            }
            JsonNode value = point.get("value");
            if (value == null || !value.isNumber()) {
                throw badRequest(BAD_ARGUMENT, "The 'value' at index " + i + " must be a number.");
            }
            double v = value.asDouble();
            if (Double.isNaN(v)) {
                throw badRequest(BAD_ARGUMENT, "The 'value' at index " + i + " is NaN.");
            }
            if (!(Math.abs(v) <= MAX_ABS_VALUE)) {
                throw badRequest(INVALID_SERIES, "The 'value' at index " + i + " is out of range [-1e100, 1e100].");
            }
            values[i] = v;
            JsonNode ts = point.get("timestamp");
            boolean hasTimestamp = ts != null && !ts.isNull();
            if (granularity == Granularity.NONE) {
                positions[i] = i;
                continue;
            }
            if (!hasTimestamp) {
                throw badRequest(INVALID_SERIES, "The 'timestamp' at index " + i
                        + " is required when granularity is not none.");
            }
            Instant t = timestamp(ts, i);
            if (previous != null && !t.isAfter(previous)) {
                throw badRequest(INVALID_SERIES, t.equals(previous)
                        ? "The 'timestamp' at index " + i + " is duplicated."
                        : "The 'series' must be sorted by 'timestamp' in ascending order; index " + i + " is not.");
            }
            if (origin == null) {
                origin = t;
            }
            long position = granularity.gridIndex(origin, t, interval);
            if (position > Integer.MAX_VALUE) {
                throw badRequest(INVALID_SERIES, "The 'timestamp' at index " + i + " lies more than " + Integer.MAX_VALUE
                        + " intervals of " + interval + " " + granularity.wireName() + " after the first: the series "
                        + "spans too long a time for its granularity.");
            }
            if (position < 0) {
                throw badRequest(INVALID_SERIES, "The 'timestamp' at index " + i + " is invalid in "
                        + granularity.wireName() + " granularity with " + interval + " "
                        + granularity.wireName() + " as interval.");
            }
            positions[i] = position;
            previous = t;
        }
    }

    private static Instant timestamp(JsonNode ts, int i) {
        return (ts.isTextual() ? Timestamps.parse(ts.asText()) : Optional.<Instant>empty()).orElseThrow(
                () -> badRequest(INVALID_SERIES, "The 'timestamp' at index " + i + " is not a valid ISO 8601 time."));
    }

    private static Granularity granularity(JsonNode node, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                throw badRequest(REQUIRED_GRANULARITY, "The 'granularity' field is required.");
            }
            return Granularity.NONE;
        }
        return (node.isTextual() ? Granularity.fromWire(node.asText()) : java.util.Optional.<Granularity>empty())
                .orElseThrow(() -> badRequest(INVALID_GRANULARITY, "The 'granularity' field must be one of "
                        + "yearly, monthly, weekly, daily, hourly, minutely, secondly, microsecond, none."));
    }

    private static int customInterval(JsonNode node) {
        if (node == null || node.isNull()) {
            return 1;
        }
        if (!isWhole(node) || node.asLong() <= 0 || node.asLong() > Integer.MAX_VALUE) {
            throw badRequest(INVALID_CUSTOM_INTERVAL, "The 'customInterval' field must be an integer greater than 0.");
        }
        return node.asInt();
    }

    private static Integer period(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!isWhole(node) || node.asLong() < 0 || node.asLong() > MAX_POINTS) {
            throw badRequest(INVALID_PERIOD, "The 'period' field must be an integer between 0 and " + MAX_POINTS + ".");
        }
        return node.asInt();
    }

    private static Integer stableTrendWindow(JsonNode node, Granularity granularity, int n) {
        String message = "The 'stableTrendWindow' argument must be an integer of at least 3 and less than half "
                + "the number of points.";
        if (node == null || node.isNull()) {
            int w = granularity.stableTrendWindow();
            if (2 * w >= n) {
                // the client sent no window: say which default fails and what to do, not that its argument is bad
                throw badRequest(INVALID_MODEL_ARGUMENT, "The series has " + n + " points, too few for the default "
                        + "'stableTrendWindow' of " + w + " at " + granularity.wireName() + " granularity (it needs "
                        + "more than " + 2 * w + " points): send more points, or a smaller 'stableTrendWindow' "
                        + "(at least 3 and less than half the number of points).");
            }
            return w;
        }
        if (!isWhole(node) || node.asLong() < 3 || 2 * node.asLong() >= n) {
            throw badRequest(INVALID_MODEL_ARGUMENT, message);
        }
        return node.asInt();
    }

    /** The service's boundary versions are V1 (default), V2 and V3; the last two share the trend-based margins. */
    private static boolean trendBoundary(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        String v = node.isTextual() ? node.asText() : "";
        return switch (v) {
            case "V1" -> false;
            case "V2", "V3" -> true;
            default -> throw badRequest(INVALID_BOUNDARY_VERSION,
                    "The 'boundaryVersion' field must be one of V1, V2, V3.");
        };
    }

    private static ImputeMode imputeMode(JsonNode body) {
        JsonNode strategy = body.get("imputeStrategy");
        JsonNode mode = body.get("imputeMode");
        if ((mode == null || mode.isNull()) && strategy != null && strategy.isObject()) {
            mode = strategy.get("imputeMode");
        }
        if ((mode == null || mode.isNull()) && body.hasNonNull("fillUpMode")) {
            mode = body.get("fillUpMode");
        }
        if (mode == null || mode.isNull()) {
            return ImputeMode.AUTO;
        }
        String name = mode.isTextual() ? mode.asText().toLowerCase(Locale.ROOT) : "";
        return switch (name) {
            case "auto" -> ImputeMode.AUTO;
            case "previous", "last" -> ImputeMode.PREVIOUS;
            case "linear" -> ImputeMode.LINEAR;
            case "fixed" -> ImputeMode.FIXED;
            case "zero" -> ImputeMode.ZERO;
            case "notfill" -> ImputeMode.NOT_FILL;
            default -> throw badRequest(INVALID_IMPUTE_MODE,
                    "The 'imputeMode' field must be one of auto, previous, linear, fixed, zero, notFill.");
        };
    }

    private static double fixedValue(JsonNode body) {
        JsonNode v = body.get("imputeFixedValue");
        JsonNode strategy = body.get("imputeStrategy");
        if ((v == null || v.isNull()) && strategy != null && strategy.isObject()) {
            v = strategy.get("imputeValue");
        }
        if ((v == null || v.isNull()) && body.hasNonNull("fixedValue")) {
            v = body.get("fixedValue");
        }
        if (v == null || !v.isNumber()) {
            throw badRequest(INVALID_IMPUTE_FIXED_VALUE,
                    "The 'imputeFixedValue' field must be a number when 'imputeMode' is fixed.");
        }
        if (!(Math.abs(v.asDouble()) <= MAX_ABS_VALUE)) {
            throw badRequest(INVALID_IMPUTE_FIXED_VALUE, "The 'imputeFixedValue' field must lie within ±"
                    + MAX_ABS_VALUE + ", as the series' values.");
        }
        return v.asDouble();
    }

    private static double number(JsonNode node, double fallback, double min, double max, String code,
                                 String message) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber() || !(node.asDouble() >= min && node.asDouble() <= max)) {
            throw badRequest(code, message);
        }
        return node.asDouble();
    }

    private static boolean isWhole(JsonNode node) {
        return (node.isIntegralNumber() && node.canConvertToLong()) || (node.isFloatingPointNumber() && node.asDouble() == Math.rint(node.asDouble())
                && Math.abs(node.asDouble()) < 1e15);
    }
}

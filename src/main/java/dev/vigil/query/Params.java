package dev.vigil.query;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parses and range-checks query parameters, naming the parameter in every error. */
final class Params {

    private Params() {
    }

    static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameter(name, name + " must be an ISO-8601 date-time with offset, e.g. 2026-11-01T00:00:00Z");
        }
    }

    static Duration duration(String name, String value, Duration fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            Duration d = Duration.parse(value);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new BadParameter(name, name + " must be a positive ISO-8601 duration, e.g. P7D or PT6H");
    }

    static int bounded(String name, Integer value, int fallback, int min, int max) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw new BadParameter(name, name + " must be between " + min + " and " + max);
        }
        return v;
    }

    static long seriesId(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadParameter("id", "id must be a series id (a 64-bit integer, as the series list gives it)");
        }
    }

    static void range(Instant from, Instant to, Duration max) {
        if (!from.isBefore(to)) {
            throw new BadParameter("from", "from must lie before to");
        }
        if (Duration.between(from, to).compareTo(max) > 0) {
            throw new BadParameter("to", "from and to may lie at most " + max.toDays() + " days apart");
        }
    }
}

package dev.vigil.query;

import dev.vigil.time.IsoInstants;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parses and range-checks query parameters, naming the parameter in every error. */
public final class Params {

    private Params() {
    }

    public static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameter(name, name + " must be an ISO-8601 date-time with offset, e.g. 2026-11-01T00:00:00Z");
        }
        // ISO-8601 allows years PostgreSQL cannot store (its timestamps end in 294276): a bound, not a server error
        if (!storable(t)) {
            throw new BadParameter(name, name + " must lie between years 1 and 9999");
        }
        return t;
    }

    /** Whether an instant lies in years 1 to 9999, well inside what PostgreSQL's timestamps hold. */
    public static boolean storable(Instant t) {
        return IsoInstants.inFourDigitYears(t);
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

    /** A positive duration of at most {@code max}: a span too long is reported as itself, not as the range it makes. */
    static Duration duration(String name, String value, Duration fallback, Duration max) {
        Duration d = duration(name, value, fallback);
        if (d.compareTo(max) > 0) {
            throw new BadParameter(name, name + " may be at most " + max.toDays() + " days");
        }
        return d;
    }

    /** Parameters arrive as text: JAX-RS answers a failed Integer conversion with a bare 404, not a 400 naming it. */
    public static int bounded(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            v = Long.MIN_VALUE;
        }
        if (v < min || v > max) {
            throw new BadParameter(name, name + " must be an integer between " + min + " and " + max);
        }
        return (int) v;
    }

    static double fraction(String name, String value, double fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        double v;
        try {
            v = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v >= 0 && v <= 1)) {
            throw new BadParameter(name, name + " must be a number between 0 and 1");
        }
        return v;
    }

    /** Free text for a filter: at most 256 characters, printable, valid UTF-16 (PostgreSQL cannot take a NUL). */
    static String text(String name, String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (value.length() > 256) {
            throw new BadParameter(name, name + " may hold at most 256 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (Character.isISOControl(c) || (Character.isSurrogate(c) && !paired)) {
                throw new BadParameter(name, name + " holds a control character or an unpaired surrogate at " + i);
            }
            if (paired) {
                i++;
            }
        }
        return value;
    }

    /** A stored row's id (an alert rule's, a hook's): a positive integer, else 400 naming {@code id}. */
    public static long positiveId(String value) {
        try {
            long v = Long.parseLong(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadParameter("id", "id must be a positive integer");
    }

    public static long seriesId(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadParameter("id", "id must be a series id (a 64-bit integer, as the series list gives it)");
        }
    }

    /** A group entity's id (a 64-bit integer, as the entity list gives it), naming the parameter at fault. */
    static long entityId(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadParameter(name, name + " must be an entity id (a 64-bit integer, as the entity list gives it)");
        }
    }

    public static void range(Instant from, Instant to, Duration max) {
        range("from", from, "to", to, max);
    }

    /** As {@link #range(Instant, Instant, Duration)}, for an endpoint whose parameters have other names. */
    public static void range(String fromName, Instant from, String toName, Instant to, Duration max) {
        if (!from.isBefore(to)) {
            throw new BadParameter(fromName, fromName + " must lie before " + toName);
        }
        if (Duration.between(from, to).compareTo(max) > 0) {
            throw new BadParameter(toName, fromName + " and " + toName + " may lie at most " + max.toDays()
                    + " days apart");
        }
    }
}

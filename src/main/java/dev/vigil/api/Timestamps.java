package dev.vigil.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the timestamps the service accepted: ISO 8601 with an offset (what the SDKs send), without one (read as
 * UTC), {@code "2020-01-29 00:00:00"} and bare dates, then the looser forms of {@link LooseTimestamps}.
 *
 * <p>The overwhelmingly common form {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} is read directly: java.time's
 * formatter-based parsing took a quarter of the server's CPU on 1,000-point requests (JFR). The fields are still
 * validated by {@link LocalDate#of}; anything else the fast path does not recognise, including leap seconds and
 * years beyond four digits, goes through java.time as before.
 */
final class Timestamps {

    private Timestamps() {
    }

    /** The instant {@code text} names, or empty when it is in none of the accepted forms. */
    static Optional<Instant> parse(String raw) {
        String text = raw.trim();
        Instant fast = utc(text);
        if (fast != null) {
            return Optional.of(fast);
        }
        if (text.length() > 10 && text.charAt(10) == ' ') {
            text = text.substring(0, 10) + 'T' + text.substring(11);
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException ignored) {
            // try the other accepted forms
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException ignored) {
            // no offset?
        }
        try {
            return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            // a bare date?
        }
        try {
            return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException ignored) {
            return LooseTimestamps.parse(raw);
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with 1 to 9 fraction digits, else null. */
    static Instant utc(String s) {
        int len = s.length();
        if (len < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(len - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        int nanos = 0;
        if (len > 20) {
            int fraction = len - 21;
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(s, 20, fraction);
            if (nanos < 0) {
                return null;
            }
            for (int k = fraction; k < 9; k++) {
                nanos *= 10;
            }
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null; // say 2021-02-30: java.time gives the verdict below
        }
    }

    /** The non-negative number in {@code s[from, from + count)}, or -1 when a character is not an ASCII digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}

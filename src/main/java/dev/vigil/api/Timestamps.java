package dev.vigil.api;

import dev.vigil.time.IsoInstants;
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
 * <p>The overwhelmingly common form {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM)} is read by
 * {@link IsoInstants#fast}; anything else, including leap seconds and years beyond four digits, goes through
 * java.time.
 */
final class Timestamps {

    private Timestamps() {
    }

    /** The instant {@code text} names, or empty when it is in none of the accepted forms. */
    static Optional<Instant> parse(String raw) {
        String text = raw.trim();
        Instant fast = IsoInstants.fast(text);
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
}

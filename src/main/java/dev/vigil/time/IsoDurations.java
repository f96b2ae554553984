package dev.vigil.time;

import java.time.Duration;

/**
 * Durations as the API echoes them. {@link Duration#toString} never writes days, so a span a client sent as
 * {@code P30D} would come back as {@code PT720H}; whole days are written as days here, anything else as java.time
 * writes it (both forms parse back to the same duration).
 */
public final class IsoDurations {

    private static final long DAY = 86_400;

    private IsoDurations() {
    }

    public static String text(Duration d) {
        return !d.isZero() && d.getNano() == 0 && d.getSeconds() % DAY == 0 ? "P" + d.getSeconds() / DAY + "D"
                : d.toString();
    }
}

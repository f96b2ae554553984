package dev.vigil.aggregation;

import java.time.Duration;
import java.time.Instant;

/** Window arithmetic: windows are half-open {@code [start, start + size)} and aligned to the epoch. */
public final class Windows {

    private Windows() {
    }

    /** The start of the window that holds {@code t}. Instants before the epoch floor correctly. */
    public static Instant startOf(Instant t, Duration size) {
        long s = checkSize(size);
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), s) * s);
    }

    /**
     * The end of the newest window that may be scored at {@code now}: windows ending at or before it are closed
     * and have had {@code delay} for late data to arrive.
     */
    public static Instant closedUntil(Instant now, Duration size, Duration delay) {
        return startOf(now.minus(delay), size);
    }

    private static long checkSize(Duration size) {
        if (size == null || size.isNegative() || size.isZero() || size.getNano() != 0
                || 86_400 % size.getSeconds() != 0) {
            throw new IllegalArgumentException("window size must be whole seconds dividing a day, was " + size);
        }
        return size.getSeconds();
    }
}

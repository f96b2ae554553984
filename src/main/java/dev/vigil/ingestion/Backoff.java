package dev.vigil.ingestion;

import java.time.Duration;

/** Waits that double from {@code min} up to {@code max}. Not synchronized: one per retry loop. */
final class Backoff {

    private final Duration max;
    private Duration next;

    Backoff(Duration min, Duration max) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max, was " + min + " and " + max);
        }
        this.max = max;
        this.next = min;
    }

    /** The wait before the next attempt. */
    Duration next() {
        Duration wait = next;
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        return wait;
    }
}

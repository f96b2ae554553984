package dev.vigil.hooks;

import java.time.Duration;
import java.util.Optional;

/**
 * When a failed delivery is tried again: {@code first}, doubled after each further failure up to {@code max}, or
 * later when the endpoint asked for it (Retry-After, also at most {@code max}); never after {@code maxAttempts}
 * attempts, never after 410 Gone, which Standard Webhooks reserves for "stop sending this", and never after a
 * failure that would repeat (a template that fails on the event).
 */
record Retries(Duration first, Duration max, int maxAttempts) {

    Retries {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || maxAttempts < 1) {
            // read from configuration only: the message names the keys an operator sets
            throw new IllegalArgumentException("vigil.hooks.retry-first must be positive and at most "
                    + "vigil.hooks.retry-max, and vigil.hooks.max-attempts at least 1; were " + first + ", " + max
                    + " and " + maxAttempts);
        }
    }

    /** The wait after failed attempt number {@code attempt} (1 for the first), or empty to give up. */
    Optional<Duration> after(int attempt, Sender.Attempt result) {
        if (attempt >= maxAttempts || result.permanent() || Integer.valueOf(410).equals(result.status())) {
            return Optional.empty();
        }
        // 2^(attempt-1) without overflow: past 2^20 the wait is at its maximum anyway
        Duration wait = first.multipliedBy(1L << Math.min(attempt - 1, 20));
        if (result.retryAfter() != null && result.retryAfter().compareTo(wait) > 0) {
            wait = result.retryAfter();
        }
        return Optional.of(wait.compareTo(max) > 0 ? max : wait);
    }
}

package dev.vigil.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetriesTest {

    private static final Retries DEFAULTS = new Retries(Duration.ofSeconds(30), Duration.ofHours(1), 18);
    private static final Sender.Attempt REFUSED = new Sender.Attempt(false, null, "ConnectException", null);

    @Test
    void waitsDoubleFromTheFirstUpToTheMaximumThenStop() {
        long[] expected = {30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600, 3600, 3600, 3600, 3600, 3600,
            3600};
        long total = 0;
        for (int attempt = 1; attempt < 18; attempt++) {
            Duration wait = DEFAULTS.after(attempt, REFUSED).orElseThrow();
            assertEquals(expected[attempt - 1], wait.toSeconds(), "after attempt " + attempt);
            total += wait.toSeconds();
        }
        assertEquals(Optional.empty(), DEFAULTS.after(18, REFUSED), "the eighteenth failure is the last");
        // what HookConfig.maxAttempts() promises: an endpoint down for a night loses nothing
        assertEquals(11.06, total / 3600.0, 0.01);
        // far past 2^63 nanoseconds of doubling the wait stays at its maximum
        assertEquals(Duration.ofHours(1), new Retries(Duration.ofSeconds(30), Duration.ofHours(1), 10_000)
                .after(5_000, REFUSED).orElseThrow());
    }

    @Test
    void retryAfterIsHonouredUpToTheMaximumAndGoneStops() {
        assertEquals(Duration.ofMinutes(10), DEFAULTS.after(1,
                new Sender.Attempt(false, 429, "the endpoint answered 429", Duration.ofMinutes(10))).orElseThrow());
        assertEquals(Duration.ofSeconds(60), DEFAULTS.after(2,
                new Sender.Attempt(false, 503, "the endpoint answered 503", Duration.ofSeconds(5))).orElseThrow());
        assertEquals(Duration.ofHours(1), DEFAULTS.after(1,
                new Sender.Attempt(false, 503, "the endpoint answered 503", Duration.ofDays(2))).orElseThrow());
        assertEquals(Optional.empty(), DEFAULTS.after(1, new Sender.Attempt(false, 410, "the endpoint answered 410", null)));
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> new Retries(Duration.ZERO, Duration.ofHours(1), 3));
        assertThrows(IllegalArgumentException.class, () -> new Retries(Duration.ofHours(2), Duration.ofHours(1), 3));
        assertThrows(IllegalArgumentException.class, () -> new Retries(Duration.ofSeconds(1), Duration.ofHours(1), 0));
    }
}

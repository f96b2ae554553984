package dev.vigil.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigil.storage.ScoringStore.OpenEvent;
import dev.vigil.storage.ScoringStore.ResultRow;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An event goes on while values stay beyond its first flag's band on its side, without a gap of over two steps. */
class OpenEventsTest {

    private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

    private static ResultRow row(int window, double value, double expected, boolean anomaly) {
        return new ResultRow(1, T0.plusSeconds(300L * window), "vigil-test", 1, value, expected, expected - 5,
                expected + 5, anomaly, anomaly ? 0.7 : 0, anomaly ? 7 : 0, false, T0, anomaly ? "value" : null);
    }

    @Test
    void aJumpGoesOnUntilTheValueIsBackInsideTheFlagsBand() {
        OpenEvent e = OpenEvents.next(null, row(0, 30, 10, true), 300);
        assertEquals(1, e.windows());
        assertEquals(1, e.side());
        // the detector has learned the new level: expected 30, not flagged, but still beyond the flag's band (15)
        e = OpenEvents.next(e, row(1, 30, 30, false), 300);
        assertEquals(2, e.windows());
        assertEquals(10, e.expected(), "the first flag's expected value is kept");
        e = OpenEvents.next(e, row(2, 31, 30, true), 300);
        assertEquals(3, e.windows(), "a flag within the event is part of it");
        assertEquals(T0, e.start());
        assertNull(OpenEvents.next(e, row(3, 14, 30, false), 300), "back inside the band: over");
    }

    @Test
    void aDropIsFollowedOnItsOwnSideAndAGapEndsIt() {
        OpenEvent e = OpenEvents.next(null, row(0, 1, 10, true), 300);
        assertEquals(-1, e.side());
        assertNull(OpenEvents.next(e, row(1, 30, 10, false), 300), "the other side is not the same event");
        assertEquals(2, OpenEvents.next(e, row(2, 2, 10, false), 300).windows(), "one missing window: two steps");
        assertNull(OpenEvents.next(e, row(3, 2, 10, false), 300), "a gap of three steps ends it");
        assertNull(OpenEvents.next(null, row(0, 30, 10, false), 300), "no flag, no event");
        assertNull(OpenEvents.next(null, row(0, 10, 10, true), 300), "a flag on its own prediction has no side");
    }

    /** A day of a rising season lies beyond an old flag's narrow band, but the engine judged it ordinary. */
    @Test
    void aCoarseSeriesEventGoesOnOnlyWhileItsDaysAreFlagged() {
        OpenEvent e = OpenEvents.next(null, day(0, 130, 100, true), 86_400);
        e = OpenEvents.next(e, day(1, 125, 100, true), 86_400);
        assertEquals(2, e.windows(), "a second flagged day continues it");
        assertNull(OpenEvents.next(e, day(2, 120, 118, false), 86_400), "an ordinary day ends it, beyond the band");
        assertEquals(3, OpenEvents.next(e, day(3, 90, 118, true), 86_400).windows(),
                "a flagged day after a missing one continues it");
    }

    private static ResultRow day(int day, double value, double expected, boolean anomaly) {
        return new ResultRow(1, T0.plusSeconds(86_400L * day), "vigil-batch", 2, value, expected, expected - 2,
                expected + 2, anomaly, anomaly ? 0.7 : 0, anomaly ? 7 : 0, false, T0, anomaly ? "value" : null);
    }
}

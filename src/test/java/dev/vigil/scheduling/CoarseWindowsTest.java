package dev.vigil.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoarseWindowsTest {

    private static final long HALF_DAY = 43_200;
    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

    @Test
    void aBackfillOfDailyThenFiveMinuteWindowsIsCoarseOnlyWhereItIsDaily() {
        List<Instant> starts = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            starts.add(T0.plus(Duration.ofDays(d)));
        }
        Instant fine = T0.plus(Duration.ofDays(10));
        for (int i = 0; i < 20; i++) {
            starts.add(fine.plus(Duration.ofMinutes(5L * i)));
        }
        CoarseWindows part = CoarseWindows.of(starts, null, 0, HALF_DAY);
        assertEquals(10, part.starts().size());
        for (int d = 0; d < 10; d++) {
            assertTrue(part.covers(starts.get(d)), "day " + d);
        }
        // the last daily window is a day from both neighbours: the first 5-minute one starts a day after it
        assertFalse(part.covers(fine));
        assertEquals(86_400, part.step());
    }

    @Test
    void fiveMinuteWindowsThenDailyOnesAreCoarseFromTheirFirstDailyGap() {
        List<Instant> starts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            starts.add(T0.plus(Duration.ofMinutes(5L * i)));
        }
        for (int d = 1; d <= 5; d++) {
            starts.add(T0.plus(Duration.ofDays(d)));
        }
        CoarseWindows part = CoarseWindows.of(starts, null, 300, HALF_DAY);
        assertEquals(5, part.starts().size(), "the five daily windows, not the last 5-minute one");
    }

    @Test
    void aFiveMinuteSeriesFirstWindowAfterADayOutageStaysWithTheStreamingDetector() {
        Instant last = T0;
        Instant back = T0.plus(Duration.ofDays(1));
        assertNull(CoarseWindows.of(List.of(back, back.plusSeconds(300)), last, 300, HALF_DAY));
        assertNull(CoarseWindows.of(List.of(back), last, 300, HALF_DAY), "alone in its run: the stored step");
    }

    @Test
    void aDailySeriesNextDayIsCoarseAndAReadingThatDriftedKeepsItsGap() {
        Instant last = T0;
        CoarseWindows next = CoarseWindows.of(List.of(T0.plus(Duration.ofDays(1))), last, 86_400, HALF_DAY);
        assertEquals(86_400, next.step());
        Instant drifted = T0.plus(Duration.ofDays(1)).minusSeconds(300);
        assertEquals(86_100, CoarseWindows.of(List.of(drifted), last, 86_400, HALF_DAY).step());
    }

    @Test
    void twoReadingsOnOneDayLeaveOnlyThoseTwoWindowsToTheStreamingDetector() {
        List<Instant> starts = new ArrayList<>();
        for (int d = 0; d < 6; d++) {
            starts.add(T0.plus(Duration.ofDays(d)));
        }
        Instant extra = T0.plus(Duration.ofDays(3)).plus(Duration.ofHours(8));
        starts.add(4, extra);
        CoarseWindows part = CoarseWindows.of(starts, null, 0, HALF_DAY);
        assertFalse(part.covers(T0.plus(Duration.ofDays(3))));
        assertFalse(part.covers(extra));
        assertEquals(5, part.starts().size());
    }

    @Test
    void aSeriesFirstAndOnlyWindowHasNoStepAndIsNotCoarse() {
        assertNull(CoarseWindows.of(List.of(T0), null, 0, HALF_DAY));
    }
}

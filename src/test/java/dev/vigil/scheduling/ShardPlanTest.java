package dev.vigil.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.storage.ScoringStore.WindowRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardPlanTest {

    private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

    @Test
    void eachSeriesStaysWholeInOneChunkInTimeOrderAndSeriesComeOldestFirst() {
        // oldest first across series: 3 series, windows 0..2 each, interleaved by time
        List<WindowRef> plan = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            for (long s : new long[] {7, 3, 9}) {
                plan.add(new WindowRef(s, T0.plusSeconds(300L * w)));
            }
        }
        List<List<WindowRef>> chunks = ShardPlan.chunks(plan, 6);
        assertEquals(2, chunks.size());
        assertEquals(List.of(7L, 7L, 7L, 3L, 3L, 3L), chunks.get(0).stream().map(WindowRef::seriesId).toList());
        assertEquals(List.of(T0, T0.plusSeconds(300), T0.plusSeconds(600)),
                chunks.get(1).stream().map(WindowRef::start).toList());
    }

    @Test
    void aSeriesLongerThanAChunkIsCutIntoConsecutiveChunks() {
        List<WindowRef> plan = new ArrayList<>();
        for (int w = 0; w < 5; w++) {
            plan.add(new WindowRef(1, T0.plusSeconds(300L * w)));
        }
        List<List<WindowRef>> chunks = ShardPlan.chunks(plan, 2);
        assertEquals(List.of(2, 2, 1), chunks.stream().map(List::size).toList());
        assertEquals(T0.plusSeconds(600), chunks.get(1).get(0).start());
    }

    @Test
    void nothingPlannedIsNoChunkAndAChunkOfZeroIsRefused() {
        assertEquals(List.of(), ShardPlan.chunks(List.of(), 10));
        assertThrows(IllegalArgumentException.class, () -> ShardPlan.chunks(List.of(), 0));
    }
}

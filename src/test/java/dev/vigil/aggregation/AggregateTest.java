package dev.vigil.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AggregateTest {

    static final Instant T = Instant.parse("2026-11-01T10:00:00Z");

    @Test
    void mergeIsOrderIndependent() {
        Random random = new Random(42);
        List<Aggregate> parts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            parts.add(Aggregate.of(Math.round(random.nextGaussian() * 1000) / 8.0, T.plusSeconds(random.nextInt(300))));
        }
        Aggregate forward = parts.stream().reduce(Aggregate::merge).orElseThrow();
        Collections.shuffle(parts, random);
        Aggregate shuffled = parts.stream().reduce(Aggregate::merge).orElseThrow();
        assertEquals(forward, shuffled);
        assertEquals(100, forward.count());
    }

    @Test
    void lastFollowsEventTimeNotArrival() {
        Aggregate late = Aggregate.of(1, T.plusSeconds(200)).merge(Aggregate.of(9, T.plusSeconds(10)));
        assertEquals(1, late.last());
        assertEquals(5, late.mean());
        assertEquals(1, late.min());
        assertEquals(9, late.max());
    }

    @Test
    void nonFiniteValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Aggregate.of(Double.NaN, T));
        assertThrows(IllegalArgumentException.class, () -> Aggregate.of(Double.POSITIVE_INFINITY, T));
    }

    @Test
    void aggregatorGroupsReadingsByHalfOpenWindow() {
        SeriesKey s = SeriesKey.of("m", Map.of());
        WindowAggregator agg = new WindowAggregator(Duration.ofMinutes(5))
                .add(new Reading(s, T, 1))
                .add(new Reading(s, T.plusSeconds(299), 2))
                .add(new Reading(s, T.plusSeconds(300), 4));
        assertEquals(2, agg.windows().size());
        assertEquals(3, agg.windows().get(new WindowAggregator.WindowKey(s, T)).sum());
        assertEquals(4, agg.windows().get(new WindowAggregator.WindowKey(s, T.plusSeconds(300))).sum());
    }
}

package dev.vigil.query;

import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.storage.ChartStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a chart's range lies when the request leaves it open: it ends at the series' newest window, so replayed
 * history is shown as readily as live data, or now when the series has no window yet.
 */
@ApplicationScoped
class ChartRange {

    /** {@code [from, to)} of the chart, and the end of the series' newest window (null without data). */
    record Range(Instant from, Instant to, Instant latest) {
    }

    private final ChartStore store;
    private final AggregationConfig aggregation;
    private final Clock clock;

    ChartRange(ChartStore store, AggregationConfig aggregation, Clock clock) {
        this.store = store;
        this.aggregation = aggregation;
        this.clock = clock;
    }

    /** The chart's range: an explicit bound is kept; an absent {@code from} lies {@code span} before {@code to}. */
    Range of(long seriesId, Instant from, Instant to, Duration span) {
        Instant latest = store.newestWindow(seriesId).map(s -> s.plus(aggregation.window())).orElse(null);
        Instant t = to != null ? to : latest != null ? latest : clock.instant();
        return new Range(from != null ? from : t.minus(span), t, latest);
    }
}

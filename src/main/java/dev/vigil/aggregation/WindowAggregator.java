package dev.vigil.aggregation;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Folds a batch of readings into one aggregate per (series, window), so storage writes one upsert per window
 * instead of one per reading. Not thread-safe; use one per batch.
 */
public final class WindowAggregator {

    /** The identity of one window of one series. */
    public record WindowKey(SeriesKey series, Instant start) {
    }

    private final Duration size;
    private final Map<WindowKey, Aggregate> windows = new HashMap<>();

    public WindowAggregator(Duration size) {
        Windows.startOf(Instant.EPOCH, size); // validates the size
        this.size = size;
    }

    public WindowAggregator add(Reading r) {
        windows.merge(new WindowKey(r.series(), Windows.startOf(r.timestamp(), size)),
                Aggregate.of(r.value(), r.timestamp()), Aggregate::merge);
        return this;
    }

    public WindowAggregator addAll(Collection<Reading> readings) {
        readings.forEach(this::add);
        return this;
    }

    /** The aggregates so far; a live view, valid until the next {@link #add}. */
    public Map<WindowKey, Aggregate> windows() {
        return windows;
    }
}

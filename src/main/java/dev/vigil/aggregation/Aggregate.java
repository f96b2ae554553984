package dev.vigil.aggregation;

import java.time.Instant;

/**
 * The mergeable summary of the readings of one window: count, sum, min, max and the value of the latest reading
 * by event time. Merging is associative and commutative, so readings may arrive in any order and in any split.
 * Ties on {@code lastTs} keep the larger value, so the result does not depend on arrival order.
 */
public record Aggregate(long count, double sum, double min, double max, double last, Instant lastTs) {

    public Aggregate {
        if (count < 1) {
            throw new IllegalArgumentException("an aggregate holds at least one reading, count was " + count);
        }
        if (lastTs == null) {
            throw new IllegalArgumentException("lastTs must not be null");
        }
    }

    public static Aggregate of(double value, Instant timestamp) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, was " + value);
        }
        return new Aggregate(1, value, value, value, value, timestamp);
    }

    public Aggregate merge(Aggregate o) {
        int order = lastTs.compareTo(o.lastTs);
        boolean keepMine = order > 0 || (order == 0 && last >= o.last);
        return new Aggregate(count + o.count, sum + o.sum, Math.min(min, o.min), Math.max(max, o.max),
                keepMine ? last : o.last, keepMine ? lastTs : o.lastTs);
    }

    public double mean() {
        return sum / count;
    }
}

package dev.vigil.aggregation;

import java.time.Instant;

/** One validated reading: a series, an event time and a finite value. */
public record Reading(SeriesKey series, Instant timestamp, double value) {

    public Reading {
        if (series == null || timestamp == null) {
            throw new IllegalArgumentException("series and timestamp are required");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, was " + value);
        }
    }
}

package dev.vigil.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/** Builds request bodies for the API tests: one builder instead of copied JSON blocks. */
final class SeriesJson {

    private final int n;
    private final IntToDoubleFunction value;
    private final Duration step;
    private String granularity;
    private String extra = "";

    private SeriesJson(int n, Duration step, String granularity, IntToDoubleFunction value) {
        this.n = n;
        this.step = step;
        this.granularity = granularity;
        this.value = value;
    }

    /** A repeating 10,11,12,13 pattern (period 4) with one spike of {@code spike} at {@code at}. */
    static SeriesJson hourly(int n, int period, int at, double spike) {
        return new SeriesJson(n, Duration.ofHours(1), "hourly", i -> i == at ? spike : 10 + i % period);
    }

    /** A level of {@code before} that steps to {@code after} at index {@code at}, with a small wiggle. */
    static SeriesJson step(int n, int at, double before, double after) {
        return new SeriesJson(n, Duration.ofDays(1), "daily", i -> (i < at ? before : after) + 0.1 * (i % 3));
    }

    SeriesJson granularity(String g) {
        this.granularity = g;
        return this;
    }

    /** Appends raw JSON members, e.g. {@code "\"period\": 4"}. */
    SeriesJson with(String members) {
        this.extra += "," + members;
        return this;
    }

    String build() {
        StringBuilder sb = new StringBuilder("{\"series\":[");
        Instant t = Instant.parse("2023-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"timestamp\":\"").append(t.plus(step.multipliedBy(i)))
                    .append("\",\"value\":").append(String.format(Locale.ROOT, "%s", value.applyAsDouble(i)))
                    .append('}');
        }
        sb.append("],\"granularity\":\"").append(granularity).append('"').append(extra).append('}');
        return sb.toString();
    }
}

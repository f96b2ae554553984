package dev.vigil.storage;

import java.util.Locale;

/**
 * How a metric's windows become the one value the detector judges (README "Aggregation per metric"): the readings'
 * mean (the default), their sum or count (counters), the smallest, the largest (a queue depth sampled often) or the
 * latest (a gauge). The expression itself is V96's SQL function {@code window_value}, so that every reader of a
 * window's value (scoring, the state rebuild, change conditions, the chart, feedback) computes it the same way.
 */
public enum MetricAggregation {
    MEAN, SUM, COUNT, MIN, MAX, LAST;

    /**
     * The aggregation of the series bound to this sub-select's one parameter (null: none set, the mean): evaluated
     * once per statement, for the readers of a single series.
     */
    static final String OF_SERIES = "(select m.aggregation from series s join metric_aggregation m"
            + " on m.metric = s.metric where s.id = ?)";

    /** The lower-case name used in the API. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The aggregation of this exact label, or null if it is none of them. */
    public static MetricAggregation of(String label) {
        for (MetricAggregation a : values()) {
            if (a.label().equals(label)) {
                return a;
            }
        }
        return null;
    }

    /**
     * SQL of the judged value of the {@code window_aggregate} row aliased {@code w}, under the aggregation the SQL
     * {@code aggregation} yields (a column, or {@link #OF_SERIES}; null means the mean).
     */
    static String valueSql(String aggregation, String w) {
        return "window_value(%1$s, %2$s.count, %2$s.sum, %2$s.min, %2$s.max, %2$s.last_value)"
                .formatted(aggregation, w);
    }
}

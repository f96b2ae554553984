package dev.vigil.storage;

import java.util.Locale;

/**
 * Which statistic of its readings a group variable takes per grid cell (the rule's {@code aggregate}), computed from
 * the stored windows inside the cell: the readings' mean (the windows' sums over their counts, not a mean of
 * means), smallest, largest, sum, count, or the latest reading.
 */
public enum GroupAggregate {
    MEAN("sum(w.sum) / sum(w.count)"),
    MIN("min(w.min)"),
    MAX("max(w.max)"),
    SUM("sum(w.sum)"),
    COUNT("sum(w.count)::double precision"),
    LAST("(array_agg(w.last_value order by w.last_ts desc, w.window_start desc))[1]");

    private final String sql;

    GroupAggregate(String sql) {
        this.sql = sql;
    }

    /** The SQL aggregate over the {@code window_aggregate w} rows of one cell; fixed text, never user input. */
    String cellSql() {
        return sql;
    }

    /** The lower-case name used in the API and configuration. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a label ignoring case; null if it is none of them. */
    public static GroupAggregate parse(String text) {
        for (GroupAggregate a : values()) {
            if (a.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return a;
            }
        }
        return null;
    }
}

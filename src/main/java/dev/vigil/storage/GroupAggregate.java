package dev.vigil.storage;

import java.util.Locale;

/** Which statistic of a 5-minute window a group variable takes (the rule's {@code aggregate}). */
public enum GroupAggregate {
    MEAN("w.sum / w.count"),
    MIN("w.min"),
    MAX("w.max"),
    SUM("w.sum"),
    COUNT("w.count::double precision"),
    LAST("w.last_value");

    private final String sql;

    GroupAggregate(String sql) {
        this.sql = sql;
    }

    /** The SQL expression over {@code window_aggregate w}; fixed text, never user input. */
    String sql() {
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

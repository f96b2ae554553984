package dev.vigil.security;

import java.util.Locale;

/** What a key may do. A key holds any set of roles; no role implies another. */
public enum Role {
    /** Send readings: HTTP readings and CloudEvents. */
    INGEST,
    /** Read series, results, anomalies, runs and the dashboard's data. */
    READ,
    /**
     * Change what Vigil does: detection runs and backfills, quarantine retries, alert rules, feedback, group
     * training; every request but GET and HEAD under {@code /api/v1/} outside {@code /api/v1/admin/}.
     */
    OPERATE,
    /** Keys and configuration. */
    ADMIN,
    /** The Azure-compatible API under {@code /anomalydetector}, which takes its key in {@code Ocp-Apim-Subscription-Key}. */
    AZURE;

    /** The role's name as configured and documented: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role parse(String label) {
        for (Role r : values()) {
            if (r.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + label.trim() + "' (roles: ingest, read, operate, admin, azure)");
    }
}

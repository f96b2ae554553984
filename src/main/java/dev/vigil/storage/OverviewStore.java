package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import javax.sql.DataSource;

/** Counts for the dashboard's overview. */
@ApplicationScoped
public class OverviewStore {

    /** Above this many rows an exact count(*) would scan for seconds; the planner's estimate is shown instead. */
    static final long EXACT_COUNT_LIMIT = 1_000_000;

    /** A row count, and whether it is the planner's estimate (after ANALYZE or autovacuum) rather than exact. */
    public record Count(long value, boolean estimated) {
    }

    /** Windows closed and waiting to be scored (not yet, or again after a revision), and the oldest's start. */
    public record Backlog(long pendingWindows, Instant oldestPending) {
    }

    private final DataSource dataSource;

    public OverviewStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Count series() {
        return count("series");
    }

    public Count windows() {
        return count("window_aggregate");
    }

    /** Reads the partial index of unscored windows only. */
    public Backlog backlog() {
        return Rows.query(dataSource, rs -> new Backlog(rs.getLong("n"), Rows.instant(rs, "oldest")), """
                select count(*) as n, min(window_start) as oldest from window_aggregate
                where pending""").get(0);
    }

    private Count count(String table) {
        long estimate = Rows.number(dataSource, "select reltuples::bigint from pg_class where oid = ?::regclass",
                table);
        if (estimate > EXACT_COUNT_LIMIT) {
            return new Count(estimate, true);
        }
        // table names come from the two callers above, never from a request
        long exact = Rows.number(dataSource, "select count(*) from " + table);
        return new Count(exact, false);
    }
}

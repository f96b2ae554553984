package dev.vigil.storage;

import dev.vigil.storage.ScoringStore.ResultRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * The stored windows the detectors flagged in a period, with their series, for previewing an alert rule on past
 * data. Reads results only; joins the caller's transaction.
 */
@ApplicationScoped
public class FlaggedHistory {

    /** One flagged window: its series and its stored result. */
    public record StoredFlag(String seriesKey, String metric, String dimensionsJson, ResultRow result) {
    }

    private final Jdbc jdbc;

    public FlaggedHistory(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * The flagged windows in {@code [from, to)}, of {@code metric}'s series (every series when null), in window
     * time, at most {@code limit}; with {@code limits}, also the windows whose value breaks them, flagged for reason
     * {@code limit} as a run would have flagged them under a rule that sets them.
     */
    public List<StoredFlag> flagged(Instant from, Instant to, String metric, AlertRule.Limits limits, int limit) {
        // without limits the predicate stays the flag alone, so the planner keeps to the flagged rows' index
        String which = limits == null ? "r.is_anomaly"
                : "(r.is_anomaly or r.value < cast(? as float8) or r.value > cast(? as float8))";
        List<Object> args = new ArrayList<>();
        if (limits != null) {
            args.add(limits.lower());
            args.add(limits.upper());
        }
        args.addAll(Arrays.asList(from, to, metric, metric, limit));
        return jdbc.query("read the flagged windows of a period", """
                select s.series_key, s.metric, s.dimensions::text, r.series_id, r.window_start, r.detector,
                       r.detector_version, r.value, r.expected, r.lower_bound, r.upper_bound, r.severity, r.score,
                       r.warming_up, r.run_cutoff, r.reason, r.is_anomaly
                from anomaly_result r join series s on s.id = r.series_id
                where %s and r.window_start >= ? and r.window_start < ?
                  and (cast(? as text) is null or s.metric = ?)
                order by r.window_start, r.series_id, r.detector
                limit ?""".formatted(which), rs -> {
                    ResultRow stored = new ResultRow(rs.getLong(4), Jdbc.instant(rs, 5), rs.getString(6),
                            rs.getInt(7), rs.getDouble(8), Jdbc.nan(rs, 9), Jdbc.nan(rs, 10), Jdbc.nan(rs, 11),
                            rs.getBoolean(17), rs.getDouble(12), rs.getDouble(13), rs.getBoolean(14),
                            Jdbc.instant(rs, 15), rs.getString(16));
                    return new StoredFlag(rs.getString(1), rs.getString(2), rs.getString(3),
                            limits != null && limits.brokenBy(stored.value()) ? stored.limitBroken() : stored);
                }, args.toArray());
    }
}

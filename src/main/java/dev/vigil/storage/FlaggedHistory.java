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

    /**
     * One flagged window: its series, its stored result, and for a window a rule's condition flagged the value it
     * was judged against (null: the detector flagged it).
     */
    public record StoredFlag(String seriesKey, String metric, String dimensionsJson, ResultRow result,
                             Double reference) {
    }

    private final Jdbc jdbc;

    public FlaggedHistory(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * The flagged windows in {@code [from, to)} of the series of {@code rule}'s metric (every series when it has
     * none), in window time, at most {@code limit}; with the rule's limits or change condition also the windows that
     * break them, flagged for reason {@code limit} or {@code change} as a run under the rule would have flagged them.
     * A change is measured against the results of the period: its first {@code windows} windows of a series have no
     * earlier value here and are not judged.
     */
    public List<StoredFlag> flagged(Instant from, Instant to, AlertRule rule, int limit) {
        AlertRule.Limits limits = rule.limits();
        AlertRule.Change change = rule.change();
        // lag() needs every result of the period; without a condition the rows stay the flagged ones, so the planner
        // keeps to the flagged rows' index
        List<Object> args = new ArrayList<>();
        String earlier = "cast(null as float8)";
        if (change != null) {
            earlier = "lag(r.value, ?) over (partition by r.series_id, r.detector order by r.window_start)";
            args.add(change.windows());
        }
        args.addAll(Arrays.asList(from, to, rule.metric(), rule.metric()));
        String which = "r.is_anomaly";
        if (limits != null) {
            which += " or r.value < cast(? as float8) or r.value > cast(? as float8)";
            args.add(limits.lower());
            args.add(limits.upper());
        }
        if (change != null) {
            // Change.brokenBy in SQL; the rows it lets through are judged again in Java below
            which += " or abs(r.value - r.earlier) " + (change.within() ? "<=" : ">")
                    + " cast(? as float8) / 100 * abs(r.earlier)";
            args.add(change.percent());
        }
        args.add(limit);
        return jdbc.query("read the flagged windows of a period", """
                select * from (
                    select s.series_key, s.metric, s.dimensions::text, r.series_id, r.window_start, r.detector,
                           r.detector_version, r.value, r.expected, r.lower_bound, r.upper_bound, r.severity, r.score,
                           r.warming_up, r.run_cutoff, r.reason, r.is_anomaly, %s as earlier
                    from anomaly_result r join series s on s.id = r.series_id
                    where r.window_start >= ? and r.window_start < ?
                      and (cast(? as text) is null or s.metric = ?)%s) r
                where %s
                order by r.window_start, r.series_id, r.detector
                limit ?""".formatted(earlier, limits == null && change == null ? " and r.is_anomaly" : "", which),
                rs -> {
                    ResultRow stored = new ResultRow(rs.getLong(4), Jdbc.instant(rs, 5), rs.getString(6),
                            rs.getInt(7), rs.getDouble(8), Jdbc.nan(rs, 9), Jdbc.nan(rs, 10), Jdbc.nan(rs, 11),
                            rs.getBoolean(17), rs.getDouble(12), rs.getDouble(13), rs.getBoolean(14),
                            Jdbc.instant(rs, 15), rs.getString(16));
                    Double before = rs.getObject(18, Double.class);
                    AlertRule.Breach b = AlertRule.Breach.of(List.of(rule), stored.value(), n -> before);
                    return new StoredFlag(rs.getString(1), rs.getString(2), rs.getString(3),
                            b == null ? stored : stored.ruleBroken(b.reason()), b == null ? null : b.reference());
                }, args.toArray());
    }
}

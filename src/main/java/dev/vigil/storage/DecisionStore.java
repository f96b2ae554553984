package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the alert rules decided per anomalous window ({@code alert_decision}), written in the scoring transaction.
 * Calls join the caller's transaction.
 */
@ApplicationScoped
public class DecisionStore {

    /** One rule's decision on one anomalous window. */
    public record Decision(long seriesId, Instant windowStart, long ruleId, String outcome, double severity) {
    }

    private final Jdbc jdbc;

    public DecisionStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * Serialises the deciders of these rules until the transaction ends, so that replicas scoring other shards at
     * the same time count each other's alerts against the hourly cap. Locks in id order: no deadlock.
     */
    public void lockRules(List<Long> ruleIds) {
        ruleIds.stream().sorted().forEach(id -> jdbc.query("lock an alert rule",
                "select pg_advisory_xact_lock(7332, ?::int)", rs -> 1, (int) (id % Integer.MAX_VALUE)));
    }

    /** The decisions already taken for a window, rule id to outcome (a re-scored window repeats them). */
    public Map<Long, String> existing(long seriesId, Instant windowStart) {
        Map<Long, String> out = new HashMap<>();
        jdbc.query("read alert decisions", "select rule_id, outcome from alert_decision where series_id = ? "
                + "and window_start = ?", rs -> out.put(rs.getLong(1), rs.getString(2)), seriesId, windowStart);
        return out;
    }

    /**
     * The series' step at window {@code t}: the least gap between {@code t} and the series' last three scored windows
     * (missing data only widens a gap, so the least one is the step), or {@code fallback} (the window size) when the
     * series has no earlier window in the week before. Read from stored results only: a re-run finds the same.
     */
    public Duration step(long seriesId, String detector, Instant t, Duration fallback) {
        List<Instant> before = jdbc.query("read a series' last windows", """
                select window_start from anomaly_result where series_id = ? and detector = ? and window_start < ?
                  and window_start >= ? order by window_start desc limit 3""", rs -> Jdbc.instant(rs, 1), seriesId,
                detector, t, t.minus(Duration.ofDays(7)));
        Duration least = null;
        Instant later = t;
        for (Instant w : before) {
            Duration gap = Duration.between(w, later);
            least = least == null || gap.compareTo(least) < 0 ? gap : least;
            later = w;
        }
        return least == null || least.compareTo(fallback) < 0 ? fallback : least;
    }

    /** The newest window before {@code before} for which this rule alerted on this series, or null. */
    public Instant lastAlert(long ruleId, long seriesId, Instant before) {
        return jdbc.query("read the last alert", """
                select max(window_start) from alert_decision
                where rule_id = ? and series_id = ? and outcome = 'alerted' and window_start < ?""",
                rs -> Jdbc.instant(rs, 1), ruleId, seriesId, before).get(0);
    }

    /**
     * How often this rule decided {@code outcome} for windows in {@code [from, from + span)}, counting no further than
     * {@code atMost}: callers ask whether a cap is reached or a decision is the hour's first, and when every series of
     * a fleet is flagged at once an unbounded count per decision would read the hour's decisions again for each one.
     */
    public long count(long ruleId, String outcome, Instant from, Duration span, int atMost) {
        return jdbc.count("count alert decisions", """
                select count(*) from (select 1 from alert_decision
                where rule_id = ? and outcome = ? and window_start >= ? and window_start < ? limit ?) d""",
                ruleId, outcome, from, from.plus(span), Math.max(1, atMost));
    }

    /** Stores a decision with the data's step at its window ({@link #step}), which incidents count in. */
    public void add(Decision d, Duration step) {
        jdbc.update("store an alert decision", """
                insert into alert_decision (series_id, window_start, rule_id, outcome, severity, step_seconds)
                values (?, ?, ?, ?, ?, ?) on conflict do nothing""",
                d.seriesId(), d.windowStart(), d.ruleId(), d.outcome(), d.severity(), (int) step.getSeconds());
    }

    /** Anomalous windows of the series in {@code [from, before)} for its current results (consecutive runs). */
    public long anomalousBefore(long seriesId, String detector, Instant from, Instant before) {
        return jdbc.count("count anomalous windows", """
                select count(*) from anomaly_result
                where series_id = ? and detector = ? and is_anomaly and window_start >= ? and window_start < ?""",
                seriesId, detector, from, before);
    }

    /** Decisions of one series' window, for the read API: rule id to outcome. */
    public List<Decision> ofSeries(long seriesId, Instant from, Instant to) {
        return jdbc.query("read alert decisions", """
                select series_id, window_start, rule_id, outcome, severity from alert_decision
                where series_id = ? and window_start >= ? and window_start < ? order by window_start, rule_id""",
                rs -> new Decision(rs.getLong(1), Jdbc.instant(rs, 2), rs.getLong(3), rs.getString(4),
                        rs.getDouble(5)), seriesId, from, to);
    }
}

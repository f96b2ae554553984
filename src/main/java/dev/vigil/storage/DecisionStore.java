package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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

    /** A flagged window of one series, as scored by one detector: the key of the batched reads below. */
    public record Window(long seriesId, Instant start, String detector) {
    }

    /** Anomalous windows of a series in {@code [from, before)}, for rules that count consecutive windows. */
    public record Span(long seriesId, String detector, Instant from, Instant before) {
    }

    /** A decision to store, with the data's step at its window (incidents count in it). */
    public record Stepped(Decision decision, Duration step) {
    }

    /**
     * The decisions already taken for these windows, window to (rule id to outcome): a re-scored window repeats
     * them. One statement for a chunk: during a fleet-wide event every series of a chunk is flagged at once.
     */
    public Map<Window, Map<Long, String>> existing(List<Window> windows) {
        Map<Window, Map<Long, String>> out = new HashMap<>();
        if (windows.isEmpty()) {
            return out;
        }
        jdbc.query("read alert decisions", """
                select w.i, d.rule_id, d.outcome
                from unnest(?::bigint[], ?::timestamptz[]) with ordinality w (series_id, window_start, i)
                join alert_decision d on d.series_id = w.series_id and d.window_start = w.window_start
                where d.window_start >= ? and d.window_start <= ?""",
                rs -> out.computeIfAbsent(windows.get(rs.getInt(1) - 1), w -> new HashMap<>())
                        .put(rs.getLong(2), rs.getString(3)),
                ids(windows), starts(windows), earliest(windows), latest(windows));
        return out;
    }

    /**
     * Each window's series step: the least gap between the window and the series' last three scored windows
     * before it (missing data only widens a gap, so the least one is the step), or {@code fallback} (the window
     * size) when the series has no earlier window in the week before. Read from stored results only: a re-run
     * finds the same.
     */
    public Map<Window, Duration> steps(List<Window> windows, Duration fallback) {
        Map<Window, List<Instant>> before = new HashMap<>();
        if (!windows.isEmpty()) {
            jdbc.query("read the series' last windows", """
                    select w.i, r.window_start
                    from unnest(?::bigint[], ?::text[], ?::timestamptz[]) with ordinality w (series_id, detector, t, i)
                    cross join lateral (select a.window_start from anomaly_result a
                        where a.series_id = w.series_id and a.detector = w.detector and a.window_start < w.t
                          and a.window_start >= w.t - interval '7 days'
                        order by a.window_start desc limit 3) r""",
                    rs -> before.computeIfAbsent(windows.get(rs.getInt(1) - 1), w -> new ArrayList<>())
                            .add(Jdbc.instant(rs, 2)),
                    ids(windows), windows.stream().map(Window::detector).toArray(String[]::new), starts(windows));
        }
        Map<Window, Duration> out = new HashMap<>();
        for (Window w : windows) {
            List<Instant> earlier = new ArrayList<>(before.getOrDefault(w, List.of()));
            earlier.sort(Comparator.reverseOrder());
            Duration least = null;
            Instant later = w.start();
            for (Instant b : earlier) {
                Duration gap = Duration.between(b, later);
                least = least == null || gap.compareTo(least) < 0 ? gap : least;
                later = b;
            }
            out.put(w, least == null || least.compareTo(fallback) < 0 ? fallback : least);
        }
        return out;
    }

    /** The newest window before each window's start for which this rule alerted on its series (absent: none). */
    public Map<Window, Instant> lastAlerts(long ruleId, List<Window> windows) {
        Map<Window, Instant> out = new HashMap<>();
        if (windows.isEmpty()) {
            return out;
        }
        jdbc.query("read the last alerts", """
                select w.i, (select max(d.window_start) from alert_decision d where d.rule_id = ?
                    and d.series_id = w.series_id and d.outcome = 'alerted' and d.window_start < w.t)
                from unnest(?::bigint[], ?::timestamptz[]) with ordinality w (series_id, t, i)""",
                rs -> {
                    Instant last = Jdbc.instant(rs, 2);
                    if (last != null) {
                        out.put(windows.get(rs.getInt(1) - 1), last);
                    }
                    return 1;
                }, ruleId, ids(windows), starts(windows));
        return out;
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

    /** How many of these windows (series and start, pairwise) any rule alerted on. */
    public long alertedWindows(Long[] seriesIds, Instant[] windowStarts) {
        return jdbc.count("count the alerted windows among some", """
                select count(*) from (select distinct d.series_id, d.window_start from alert_decision d
                join unnest(?::bigint[], ?::timestamptz[]) w(series_id, window_start)
                  on d.series_id = w.series_id and d.window_start = w.window_start
                where d.outcome = 'alerted') a""", seriesIds, windowStarts);
    }

    /** Stores decisions in one statement; one already stored for its window and rule is kept. */
    public void addAll(List<Stepped> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        jdbc.update("store alert decisions", """
                insert into alert_decision (series_id, window_start, rule_id, outcome, severity, step_seconds)
                select * from unnest(?::bigint[], ?::timestamptz[], ?::bigint[], ?::text[], ?::float8[], ?::int4[])
                on conflict do nothing""",
                decisions.stream().map(d -> d.decision().seriesId()).toArray(Long[]::new),
                decisions.stream().map(d -> d.decision().windowStart()).toArray(Instant[]::new),
                decisions.stream().map(d -> d.decision().ruleId()).toArray(Long[]::new),
                decisions.stream().map(d -> d.decision().outcome()).toArray(String[]::new),
                decisions.stream().map(d -> d.decision().severity()).toArray(Double[]::new),
                decisions.stream().map(d -> (int) d.step().getSeconds()).toArray(Integer[]::new));
    }

    /** The anomalous windows of each span, by the series' current results (consecutive runs, companions). */
    public Map<Span, Long> anomalous(List<Span> spans) {
        Map<Span, Long> out = new HashMap<>();
        if (spans.isEmpty()) {
            return out;
        }
        jdbc.query("count anomalous windows", """
                select w.i, (select count(*) from anomaly_result a where a.series_id = w.series_id
                    and a.detector = w.detector and a.is_anomaly and a.window_start >= w.f and a.window_start < w.t)
                from unnest(?::bigint[], ?::text[], ?::timestamptz[], ?::timestamptz[])
                    with ordinality w (series_id, detector, f, t, i)""",
                rs -> out.put(spans.get(rs.getInt(1) - 1), rs.getLong(2)),
                spans.stream().map(Span::seriesId).toArray(Long[]::new),
                spans.stream().map(Span::detector).toArray(String[]::new),
                spans.stream().map(Span::from).toArray(Instant[]::new),
                spans.stream().map(Span::before).toArray(Instant[]::new));
        return out;
    }

    private static Long[] ids(List<Window> windows) {
        return windows.stream().map(Window::seriesId).toArray(Long[]::new);
    }

    private static Instant[] starts(List<Window> windows) {
        return windows.stream().map(Window::start).toArray(Instant[]::new);
    }

    private static Instant earliest(List<Window> windows) {
        return windows.stream().map(Window::start).min(Instant::compareTo).orElseThrow();
    }

    private static Instant latest(List<Window> windows) {
        return windows.stream().map(Window::start).max(Instant::compareTo).orElseThrow();
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

package dev.vigil.storage;

import dev.vigil.storage.ScoringStore.ResultRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
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

    /** Series per query of {@link #withConditions}. */
    private static final int BATCH = 1_000;

    /** The results with their series and an earlier value (a SQL expression) as column 18; a where clause follows. */
    private static final String SELECT = """
                select * from (
                    select s.series_key, s.metric, s.dimensions::text, r.series_id, r.window_start, r.detector,
                           r.detector_version, r.value, r.expected, r.lower_bound, r.upper_bound, r.severity, r.score,
                           r.warming_up, r.run_cutoff, r.reason, r.is_anomaly, %s as earlier
                    from anomaly_result r join series s on s.id = r.series_id
            """;

    private final Jdbc jdbc;

    public FlaggedHistory(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * The flagged windows in {@code [from, to)} of the series of {@code rule}'s metric (every series when it has
     * none), in window time: the newest {@code limit} of them (a preview cut short keeps the recent data). For a rule
     * with limits or a change condition see {@link #withConditions}.
     */
    public List<StoredFlag> flagged(Instant from, Instant to, AlertRule rule, int limit) {
        // the predicate stays the flag alone, so the planner keeps to the flagged rows' index
        List<StoredFlag> newest = new ArrayList<>(jdbc.query("read the flagged windows of a period",
                SELECT.formatted("cast(null as float8)") + """
                    where r.is_anomaly and r.window_start >= ? and r.window_start < ?
                      and (cast(? as text) is null or s.metric = ?)) r
                order by r.window_start desc, r.series_id desc, r.detector desc
                limit ?""", rs -> flag(rs, rule), from, to, rule.metric(), rule.metric(), limit));
        Collections.reverse(newest);
        return newest;
    }

    /** The series a rule covers (its metric's, with every dimension of its filter), by id. */
    public List<Long> covered(AlertRule rule) {
        return jdbc.query("read the series a rule covers", """
                select id, metric, dimensions::text from series where cast(? as text) is null or metric = ?""",
                rs -> rule.covers(rs.getString(2), Json.dimensions(rs.getString(3))) ? rs.getLong(1) : null,
                rule.metric(), rule.metric()).stream().filter(Objects::nonNull).toList();
    }

    /**
     * At most how many windows these series hold in {@code [from, to)}: the period over each series' data step as
     * its last run saw it (the window size when unknown), so an hourly series counts one window an hour.
     */
    public long windows(List<Long> series, Instant from, Instant to, Duration size) {
        Map<Long, Long> steps = steps(series, size);
        long period = Duration.between(from, to).toSeconds();
        long total = 0;
        for (long id : series) {
            long step = steps.get(id);
            total += Math.max(1, (period + step - 1) / step);
        }
        return total;
    }

    /**
     * Each series' data step in seconds as its last run saw it ({@code series_state}), at least the window size
     * (the window size when unknown): what the detection run follows the series' anomaly event in.
     */
    public Map<Long, Long> steps(List<Long> series, Duration size) {
        Map<Long, Long> stored = new HashMap<>();
        jdbc.query("read the series' data steps", "select series_id, max(step_seconds) from series_state "
                + "where series_id = any(?) group by series_id", rs -> stored.put(rs.getLong(1), rs.getLong(2)),
                (Object) series.toArray(Long[]::new));
        Map<Long, Long> out = new HashMap<>();
        series.forEach(id -> out.put(id, Math.max(size.toSeconds(), stored.getOrDefault(id, 0L))));
        return out;
    }

    /**
     * Of these series (each with the start of its look-back, {@code since}), those with a flagged window in {@code
     * [since, to)}, with the first of them; through the flagged windows' index.
     */
    public Map<Long, Instant> firstFlags(Map<Long, Instant> since, Instant to) {
        Map<Long, Instant> out = new HashMap<>();
        if (since.isEmpty()) {
            return out;
        }
        List<Long> ids = List.copyOf(since.keySet());
        jdbc.query("read the first flagged windows of a look-back", """
                select w.series_id, min(r.window_start)
                from unnest(?::bigint[], ?::timestamptz[]) w (series_id, since)
                join anomaly_result r on r.series_id = w.series_id and r.window_start >= w.since
                where r.is_anomaly and r.window_start >= ? and r.window_start < ?
                group by w.series_id""", rs -> out.put(rs.getLong(1), Jdbc.instant(rs, 2)),
                ids.toArray(Long[]::new), ids.stream().map(since::get).toArray(Instant[]::new),
                since.values().stream().min(Instant::compareTo).orElseThrow(), to);
        return out;
    }

    /**
     * Every stored result of these series from each one's {@code since} until {@code to}, as a run under {@code rule}
     * would have flagged it (its limits and change condition applied, a change measured against the results read),
     * each series' in window order, handed to {@code each} as read: a batch of series per query, none kept. A
     * series' results are walked through the primary key, already in window order (no sort of the batch), and its
     * key and dimensions are read once, not with every row.
     */
    public void eachResult(AlertRule rule, Map<Long, Instant> since, Instant to, Consumer<StoredFlag> each) {
        List<Long> ids = since.keySet().stream().sorted().toList();
        String sql = """
                select null, null, null, r.series_id, r.window_start, r.detector, r.detector_version, r.value,
                       r.expected, r.lower_bound, r.upper_bound, r.severity, r.score, r.warming_up, r.run_cutoff,
                       r.reason, r.is_anomaly, r.earlier
                from unnest(?::bigint[], ?::timestamptz[]) w (series_id, since)
                cross join lateral (
                    select r.*, %s as earlier from anomaly_result r
                    where r.series_id = w.series_id and r.window_start >= w.since and r.window_start >= ?
                      and r.window_start < ?
                    order by r.window_start, r.detector) r""".formatted(earlier(rule.change()));
        for (int i = 0; i < ids.size(); i += BATCH) {
            List<Long> batch = ids.subList(i, Math.min(ids.size(), i + BATCH));
            Map<Long, String[]> series = new HashMap<>();
            jdbc.query("read the series of an event replay", "select id, series_key, metric, dimensions::text "
                    + "from series where id = any(?)", rs -> series.put(rs.getLong(1), new String[] {rs.getString(2),
                            rs.getString(3), rs.getString(4)}), (Object) batch.toArray(Long[]::new));
            // the least look-back start bounds the partitions scanned
            jdbc.each("read the results of an event replay", sql, rs -> {
                String[] s = series.get(rs.getLong(4));
                each.accept(flag(rs, rule, s[0], s[1], s[2]));
                return null;
            }, batch.toArray(Long[]::new), batch.stream().map(since::get).toArray(Instant[]::new),
                    batch.stream().map(since::get).min(Instant::compareTo).orElseThrow(), to);
        }
    }

    /**
     * The windows of these series in {@code [from, to)} that a run would flag under {@code rule}: those the
     * detectors flagged, and those beyond the rule's limits or change condition (reason {@code limit} or {@code
     * change}), in window time: the newest {@code limit} of them. Every result of the series in the period is read,
     * through the primary key a batch of series at a time (the cost grows with series times windows, not with the
     * partitions' size); a change is measured against the results of the period, so a series' first {@code windows}
     * windows in it are not judged.
     */
    public List<StoredFlag> withConditions(Instant from, Instant to, AlertRule rule, List<Long> series, int limit) {
        return withConditions(from, to, rule, series, limit, BATCH);
    }

    /** As above, {@code batch} series per query (tests cross batches with a few). */
    List<StoredFlag> withConditions(Instant from, Instant to, AlertRule rule, List<Long> series, int limit,
                                    int batch) {
        AlertRule.Limits limits = rule.limits();
        AlertRule.Change change = rule.change();
        String which = "r.is_anomaly";
        List<Object> conditionArgs = new ArrayList<>();
        if (limits != null) {
            which += " or r.value < cast(? as float8) or r.value > cast(? as float8)";
            conditionArgs.add(limits.lower());
            conditionArgs.add(limits.upper());
        }
        if (change != null) {
            // Change.brokenBy in SQL; the rows it lets through are judged again in Java
            which += " or abs(r.value - r.earlier) " + (change.within() ? "<=" : ">")
                    + " cast(? as float8) / 100 * abs(r.earlier)";
            conditionArgs.add(change.percent());
        }
        String sql = SELECT.formatted(earlier(change)) + """
                    where r.series_id = any(?) and r.window_start >= ? and r.window_start < ?) r
                where %s
                order by r.window_start desc, r.series_id desc, r.detector desc
                limit ?""".formatted(which);
        List<StoredFlag> out = new ArrayList<>();
        for (int i = 0; i < series.size(); i += batch) {
            List<Object> args = new ArrayList<>();
            args.add(series.subList(i, Math.min(series.size(), i + batch)).toArray(Long[]::new));
            args.addAll(Arrays.asList(from, to));
            args.addAll(conditionArgs);
            // each batch's last windows in time: the period's last `limit` are among them
            args.add(limit);
            out.addAll(jdbc.query("read the windows of a period beyond a rule's conditions", sql,
                    rs -> flag(rs, rule), args.toArray()));
        }
        out.sort(Comparator.comparing((StoredFlag f) -> f.result().windowStart())
                .thenComparing(f -> f.result().seriesId()).thenComparing(f -> f.result().detector()));
        return out.size() > limit ? List.copyOf(out.subList(out.size() - limit, out.size())) : out;
    }

    /**
     * The SQL of a result's earlier value: the {@code windows}-th result before it in the period, or its series'
     * result {@code ago} before (also before the period); validated numbers, written into the statement.
     */
    private static String earlier(AlertRule.Change change) {
        if (change == null) {
            return "cast(null as float8)";
        }
        if (change.ago() == null) {
            return "lag(r.value, " + change.windows() + ") over (partition by r.series_id, r.detector "
                    + "order by r.window_start)";
        }
        return "(select e.value from anomaly_result e where e.series_id = r.series_id and e.detector = r.detector "
                + "and e.window_start = r.window_start - interval '" + change.ago().toSeconds() + " seconds')";
    }

    /** A stored result as a run under {@code rule} would have flagged it (column 18: the earlier value, or null). */
    private static StoredFlag flag(ResultSet rs, AlertRule rule) throws SQLException {
        return flag(rs, rule, rs.getString(1), rs.getString(2), rs.getString(3));
    }

    private static StoredFlag flag(ResultSet rs, AlertRule rule, String seriesKey, String metric, String dimensions)
            throws SQLException {
        ResultRow stored = new ResultRow(rs.getLong(4), Jdbc.instant(rs, 5), rs.getString(6), rs.getInt(7),
                rs.getDouble(8), Jdbc.nan(rs, 9), Jdbc.nan(rs, 10), Jdbc.nan(rs, 11), rs.getBoolean(17),
                rs.getDouble(12), rs.getDouble(13), rs.getBoolean(14), Jdbc.instant(rs, 15), rs.getString(16));
        Double before = rs.getObject(18, Double.class);
        AlertRule.Breach b = AlertRule.Breach.of(List.of(rule), stored.value(), back -> before);
        return new StoredFlag(seriesKey, metric, dimensions, b == null ? stored : stored.ruleBroken(b.reason()),
                b == null ? null : b.reference());
    }
}

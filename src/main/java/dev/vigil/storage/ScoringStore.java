package dev.vigil.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.vigil.detection.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the detection run reads and writes: windows waiting to be scored, per-series detector state and results.
 * All calls join the caller's transaction.
 */
@ApplicationScoped
public class ScoringStore {

    /** Reads stored events; a field a later version added is passed over (a rollback must not stop a shard). */
    private static final ObjectReader EVENTS = Json.mapper().readerFor(OpenEvent.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * A closed window whose latest revision has not been scored; {@code value} is the window's value under its
     * metric's aggregation ({@link MetricAggregation}, the mean by default);
     * {@code quarantined}: its series failed before and is being retried.
     */
    public record PendingWindow(long seriesId, String seriesKey, String metric, String dimensionsJson,
                                Instant start, double value, long count, int revision, boolean scoredBefore,
                                boolean quarantined) {
    }

    /**
     * A series' detector state as last saved, the data's step its last run saw (the least gap between the windows it
     * scored and the one before them; 0 while unknown; silence is counted in it), and the anomaly event it is in
     * (null when none is open). {@code eventKnown} is false when the event is not known as of {@code lastWindow}: a
     * version that does not follow events saved the state last, or the stored event cannot be read; the run then
     * replays it from the stored results ({@link #sinceFirstFlag}).
     */
    public record StoredState(String detector, int version, Instant lastWindow, byte[] state, int stepSeconds,
                              OpenEvent event, boolean eventKnown) {

        /**
         * The version of a state that must be relearned (its metric's aggregation changed, {@link MetricStore#relearn}):
         * no detector has it, so the run rebuilds the series from its stored windows as after an upgrade.
         */
        public static final int RELEARN = 0;

        public StoredState(String detector, int version, Instant lastWindow, byte[] state, int stepSeconds,
                           OpenEvent event) {
            this(detector, version, lastWindow, state, stepSeconds, event, true);
        }

        public StoredState(String detector, int version, Instant lastWindow, byte[] state, int stepSeconds) {
            this(detector, version, lastWindow, state, stepSeconds, null);
        }
    }

    /**
     * An anomaly event still under way: its first flagged window ({@code start}), the side of the expected value it
     * lies on (1 above, -1 below), that flag's expected value, band, severity and reason, the event's last window, and
     * the windows it has lasted: flagged ones, and unflagged ones whose value stayed beyond the flag's band on its side
     * (the detector flags an event once; rules that count windows need the rest).
     */
    public record OpenEvent(Instant start, int side, double expected, double lower, double upper, double severity,
                            String reason, Instant last, int windows) {

        /** Whether a value lies beyond the first flag's band, on its side. */
        public boolean beyond(double value) {
            return side > 0 ? value > upper : side < 0 && value < lower;
        }
    }

    /** One result row of {@code anomaly_result}. */
    public record ResultRow(long seriesId, Instant windowStart, String detector, int detectorVersion, double value,
                            double expected, double lower, double upper, boolean anomaly, double severity,
                            double score, boolean warmingUp, Instant runCutoff, String reason) {

        /** This result had its value broken a rule's condition: see {@link Verdict#ruleBroken}. */
        public ResultRow ruleBroken(String condition) {
            Verdict v = new Verdict(expected, lower, upper, anomaly, severity, score, warmingUp && !anomaly, reason)
                    .ruleBroken(condition);
            return new ResultRow(seriesId, windowStart, detector, detectorVersion, value, expected, lower, upper, true,
                    v.severity(), score, false, runCutoff, v.reason());
        }
    }

    /** The first key of the shards' scoring locks (the second is the shard). */
    private static final int SHARD_LOCK = 7331;

    private final DataSource dataSource;

    public ScoringStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Creates the pending-window index for this shard count unless it exists (a no-op for the default, which Flyway
     * creates). Building it on a large table takes a while and blocks ingestion meanwhile: change the shard count
     * rarely, and drop the index of the old count once no replica runs with it.
     */
    public void ensurePendingIndex(int shards) {
        exec(PendingIndex.create(shards), ps -> { });
    }

    /**
     * Serialises scorers of one shard across replicas until the transaction ends, so two runs never feed the same
     * series' state twice.
     */
    public void lockShard(int shard) {
        exec("select pg_advisory_xact_lock(" + SHARD_LOCK + ", ?)", ps -> ps.setInt(1, shard));
    }

    /**
     * Takes every shard's scoring lock, in shard order as one statement, until the transaction ends: a chunk in
     * flight finishes first, and none starts meanwhile (a state learned under a setting being changed would
     * otherwise be saved over the change).
     */
    public void lockAllShards(int shards) {
        exec("select pg_advisory_xact_lock(" + SHARD_LOCK + ", g) from generate_series(0, ? - 1) g",
                ps -> ps.setInt(1, shards));
    }

    /** A window the run means to score: its series and start. */
    public record WindowRef(long seriesId, Instant start) {
    }

    /**
     * The shard's next {@code limit} windows to score, oldest first across all its series (ties by series id): closed
     * at {@code cutoff}, latest revision unscored, of series that are not quarantined or whose retry is due. Taking
     * windows in time order rather than series order is what lets every series progress when the run's budget is
     * smaller than the backlog.
     *
     * <p>The shard's modulus is written into the statement rather than bound, so that PostgreSQL matches it with the
     * partial index {@link PendingIndex} keeps for the shard count: an index range scan in time order that stops at
     * {@code limit}, however large the backlog or the history.
     */
    public List<WindowRef> plan(int shard, int shards, Instant cutoff, Duration size, int limit) {
        List<WindowRef> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                planSql(shards))) {
            ps.setInt(1, shard);
            ps.setTimestamp(2, Timestamp.from(cutoff.minus(size)));
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WindowRef(rs.getLong(1), rs.getTimestamp(2).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not read pending windows", e);
        }
    }

    /** The statement behind {@link #plan}, for EXPLAIN in the benchmark; its parameters: shard, last start, limit. */
    public static String planSql(int shards) {
        return """
                select w.series_id, w.window_start from window_aggregate w
                where %s = ? and %s and w.window_start <= ?
                  and not exists (select 1 from series_quarantine q
                                  where q.series_id = w.series_id and q.retry_after > now())
                order by w.window_start, w.series_id limit ?""".formatted(PendingIndex.shardOf("w", shards),
                PendingIndex.pending("w"));
    }

    /**
     * The given windows as they are now, by series then time, leaving out any that were scored meanwhile (by a
     * replica that took the claim over); {@code value} is the window's value under its metric's aggregation.
     */
    public List<PendingWindow> fetch(List<WindowRef> refs) {
        List<PendingWindow> out = new ArrayList<>(refs.size());
        if (refs.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select w.series_id, s.series_key, s.metric, s.dimensions::text, w.window_start, %s,
                       w.count, w.revision, w.scored_revision is not null, q.series_id is not null
                from unnest(?::bigint[], ?::timestamptz[]) r (series_id, window_start)
                join window_aggregate w on w.series_id = r.series_id and w.window_start = r.window_start
                join series s on s.id = w.series_id
                left join metric_aggregation m on m.metric = s.metric
                left join series_quarantine q on q.series_id = w.series_id
                where w.pending
                order by w.series_id, w.window_start""".formatted(MetricAggregation.valueSql("m.aggregation", "w")))) {
            ps.setArray(1, c.createArrayOf("bigint", refs.stream().map(WindowRef::seriesId).toArray()));
            // instants as ISO-8601 text, so no JVM time zone is involved
            ps.setArray(2, c.createArrayOf("text", refs.stream().map(r -> r.start().toString()).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PendingWindow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant(), rs.getDouble(6), rs.getLong(7), rs.getInt(8),
                            rs.getBoolean(9), rs.getBoolean(10)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not read pending windows", e);
        }
    }

    public Map<Long, StoredState> states(Collection<Long> seriesIds, String detector) {
        Map<Long, StoredState> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select series_id, detector, version, last_window, state, step_seconds, open_event,
                       event_as_of is not null and event_as_of = last_window
                from series_state where detector = ? and series_id = any(?)""")) {
            ps.setString(1, detector);
            ps.setArray(2, c.createArrayOf("bigint", seriesIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OpenEvent event = event(rs.getString(7));
                    boolean known = rs.getBoolean(8) && (event != null || rs.getString(7) == null);
                    out.put(rs.getLong(1), new StoredState(rs.getString(2), rs.getInt(3),
                            rs.getTimestamp(4).toInstant(), rs.getBytes(5), rs.getInt(6), known ? event : null,
                            known));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not read detector state", e);
        }
    }

    /**
     * A stored event, or null when there is none or it cannot be read: one written by a later version may hold
     * fields this one does not know, and one series' event must not stop its shard (its event is replayed instead).
     */
    private static OpenEvent event(String json) {
        if (json == null) {
            return null;
        }
        try {
            return EVENTS.readValue(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * Each series' results of {@code detector} from its first flag at or after {@code since} up to and including its
     * {@code until}, in window order (none for a series without such a flag): what an event open at {@code until}
     * is replayed from. One query; a series without a flag costs one probe of the flags' index.
     */
    public Map<Long, List<ResultRow>> sinceFirstFlag(Map<Long, Instant> since, Map<Long, Instant> until,
                                                     String detector) {
        Map<Long, List<ResultRow>> out = new HashMap<>();
        if (since.isEmpty()) {
            return out;
        }
        List<Long> ids = List.copyOf(since.keySet());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select r.series_id, r.window_start, r.detector_version, r.value, r.expected, r.lower_bound,
                       r.upper_bound, r.is_anomaly, r.severity, r.score, r.warming_up, r.run_cutoff, r.reason
                from unnest(?::bigint[], ?::timestamptz[], ?::timestamptz[]) w (series_id, since, until)
                cross join lateral (select min(f.window_start) as first from anomaly_result f
                    where f.series_id = w.series_id and f.is_anomaly and f.detector = ?
                      and f.window_start >= w.since and f.window_start <= w.until) f
                join anomaly_result r on r.series_id = w.series_id and r.detector = ?
                    and r.window_start >= f.first and r.window_start <= w.until
                order by r.series_id, r.window_start""")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            // instants as ISO-8601 text, as arrays() sends them (no JVM time zone)
            ps.setArray(2, c.createArrayOf("text", ids.stream().map(id -> since.get(id).toString()).toArray()));
            ps.setArray(3, c.createArrayOf("text", ids.stream().map(id -> until.get(id).toString()).toArray()));
            ps.setString(4, detector);
            ps.setString(5, detector);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(new ResultRow(rs.getLong(1),
                            rs.getTimestamp(2).toInstant(), detector, rs.getInt(3), rs.getDouble(4), Jdbc.nan(rs, 5),
                            Jdbc.nan(rs, 6), Jdbc.nan(rs, 7), rs.getBoolean(8), rs.getDouble(9), rs.getDouble(10),
                            rs.getBoolean(11), rs.getTimestamp(12).toInstant(), rs.getString(13)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not read the results an open event is replayed from", e);
        }
    }

    /**
     * The stored result of one window, if any, that was judged under its metric's present aggregation: one judged
     * before the aggregation last changed is in other units (a sum's band is no measure for a mean), so it counts as
     * none.
     */
    public ResultRow result(long seriesId, Instant windowStart, String detector) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select r.detector_version, r.value, r.expected, r.lower_bound, r.upper_bound, r.is_anomaly,
                       r.severity, r.score, r.warming_up, r.run_cutoff, r.reason
                from anomaly_result r
                where r.series_id = ? and r.window_start = ? and r.detector = ?
                  and not exists (select 1 from series s join metric_aggregation m on m.metric = s.metric
                                  where s.id = r.series_id and m.changed_at > r.scored_at)""")) {
            ps.setLong(1, seriesId);
            ps.setTimestamp(2, Timestamp.from(windowStart));
            ps.setString(3, detector);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new ResultRow(seriesId, windowStart, detector, rs.getInt(1), rs.getDouble(2),
                        Jdbc.nan(rs, 3), Jdbc.nan(rs, 4), Jdbc.nan(rs, 5), rs.getBoolean(6), rs.getDouble(7),
                        rs.getDouble(8), rs.getBoolean(9), rs.getTimestamp(10).toInstant(), rs.getString(11));
            }
        } catch (SQLException e) {
            throw new StorageException("could not read a result", e);
        }
    }

    /**
     * Upserts results: a re-scored window replaces its row, never adds a second. Like the two writes below, one
     * statement over arrays for the whole chunk: a row per statement cost PostgreSQL more than the writing itself.
     */
    public void saveResults(List<ResultRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        Object[][] cols = new Object[14][n];
        for (int i = 0; i < n; i++) {
            ResultRow r = rows.get(i);
            cols[0][i] = r.seriesId();
            cols[1][i] = r.windowStart().toString();
            cols[2][i] = r.detector();
            cols[3][i] = r.detectorVersion();
            cols[4][i] = r.value();
            cols[5][i] = nullable(r.expected());
            cols[6][i] = nullable(r.lower());
            cols[7][i] = nullable(r.upper());
            cols[8][i] = r.anomaly();
            cols[9][i] = r.severity();
            cols[10][i] = r.score();
            cols[11][i] = r.warmingUp();
            cols[12][i] = r.runCutoff().toString();
            cols[13][i] = r.reason();
        }
        arrays("""
                insert into anomaly_result (series_id, window_start, detector, detector_version, value, expected,
                    lower_bound, upper_bound, is_anomaly, severity, score, warming_up, run_cutoff, reason)
                select * from unnest(?::bigint[], ?::timestamptz[], ?::text[], ?::int[], ?::float8[], ?::float8[],
                                     ?::float8[], ?::float8[], ?::bool[], ?::float8[], ?::float8[], ?::bool[],
                                     ?::timestamptz[], ?::text[])
                on conflict (series_id, window_start, detector) do update set
                    detector_version = excluded.detector_version, value = excluded.value,
                    expected = excluded.expected, lower_bound = excluded.lower_bound,
                    upper_bound = excluded.upper_bound, is_anomaly = excluded.is_anomaly,
                    severity = excluded.severity, score = excluded.score, warming_up = excluded.warming_up,
                    run_cutoff = excluded.run_cutoff, reason = excluded.reason, scored_at = now()""", cols,
                new String[] {"bigint", "text", "text", "int4", "float8", "float8", "float8", "float8", "bool",
                    "float8", "float8", "bool", "text", "text"});
    }

    /** Marks the scored revision of each window, so it is pending again only if a later event revises it. */
    public void markScored(List<PendingWindow> windows) {
        if (windows.isEmpty()) {
            return;
        }
        int n = windows.size();
        Object[][] cols = new Object[3][n];
        for (int i = 0; i < n; i++) {
            cols[0][i] = windows.get(i).seriesId();
            cols[1][i] = windows.get(i).start().toString();
            cols[2][i] = windows.get(i).revision();
        }
        arrays("""
                update window_aggregate w set scored_revision = u.revision, pending = w.revision > u.revision
                from unnest(?::bigint[], ?::timestamptz[], ?::int[]) u (series_id, window_start, revision)
                where w.series_id = u.series_id and w.window_start = u.window_start""", cols,
                new String[] {"bigint", "text", "int4"});
    }

    public void saveStates(Map<Long, StoredState> states) {
        if (states.isEmpty()) {
            return;
        }
        int n = states.size();
        Object[][] cols = new Object[7][];
        for (int c = 0; c < 7; c++) {
            cols[c] = c == 4 ? new byte[n][] : new Object[n];
        }
        int i = 0;
        for (Map.Entry<Long, StoredState> e : states.entrySet()) {
            cols[0][i] = e.getKey();
            cols[1][i] = e.getValue().detector();
            cols[2][i] = e.getValue().version();
            cols[3][i] = e.getValue().lastWindow().toString();
            cols[4][i] = e.getValue().state();
            cols[5][i] = e.getValue().stepSeconds();
            cols[6][i] = e.getValue().event() == null ? null : Json.write(e.getValue().event());
            i++;
        }
        // the event is known as of the state's last window (V90): a version that does not follow events moves the
        // last window on without it
        arrays("""
                insert into series_state (series_id, detector, version, last_window, state, step_seconds, open_event,
                                          event_as_of)
                select u.*, u.last_window from unnest(?::bigint[], ?::text[], ?::int[], ?::timestamptz[], ?::bytea[],
                                     ?::int[], ?::text[]) u (series_id, detector, version, last_window, state,
                                                             step_seconds, open_event)
                on conflict (series_id, detector) do update set version = excluded.version,
                    last_window = excluded.last_window, state = excluded.state,
                    step_seconds = excluded.step_seconds, open_event = excluded.open_event,
                    event_as_of = excluded.event_as_of, updated_at = now()""",
                cols, new String[] {"bigint", "text", "int4", "text", "bytea", "int4", "text"});
    }

    /** Runs one statement whose parameters are whole columns; instants go as ISO-8601 text (no JVM time zone). */
    private void arrays(String sql, Object[][] columns, String[] types) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < columns.length; i++) {
                ps.setArray(i + 1, c.createArrayOf(types[i], columns[i]));
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not write " + columns[0].length + " rows", e);
        }
    }

    private static Double nullable(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private interface StatementBinder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void exec(String sql, StatementBinder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.execute();
        } catch (SQLException e) {
            throw new StorageException("could not run " + sql, e);
        }
    }
}

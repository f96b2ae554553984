package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** Feedback rows ({@code feedback}) and what they teach the alert rules. Calls join the caller's transaction. */
@ApplicationScoped
public class FeedbackStore {

    /** One feedback row as the API shows it; series ids are strings (64-bit integers exceed JavaScript numbers). */
    public record Feedback(long id, String seriesId, String seriesKey, UUID incidentId, Instant from, Instant to,
                           String kind, String comment, String givenBy, Instant createdAt, Double rebaseDelta) {
    }

    /**
     * A notAnomaly pattern of one series: deviations of this sign (0: either), at most {@code maxDeviation} in size
     * (before the tolerance), at minutes of the day in {@code [fromMinute, toMinute]} (wrapping past midnight
     * when {@code fromMinute > toMinute}).
     */
    public record Dismissal(long seriesId, int sign, double maxDeviation, int fromMinute, int toMinute) {

        /**
         * Whether a later anomaly matches the pattern: same sign, at most {@code tolerance} times the dismissed
         * deviation, and within {@code margin} of the dismissed time of day.
         */
        public boolean covers(Instant t, double deviation, double tolerance, Duration margin) {
            if (Double.isNaN(deviation) || (sign > 0 && deviation <= 0) || (sign < 0 && deviation >= 0)
                    || Math.abs(deviation) > tolerance * maxDeviation) {
                return false;
            }
            int m = t.atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 60;
            int pad = (int) Math.min(720, margin.toMinutes());
            return within(m, fromMinute - pad, toMinute + pad);
        }

        private static boolean within(int m, int from, int to) {
            if (to - from >= 1439) {
                return true;
            }
            int f = Math.floorMod(from, 1440);
            int len = to - from;
            return Math.floorMod(m - f, 1440) <= len;
        }
    }

    /** One series' window with its stored verdict, for learning a pattern or a level shift from it. */
    public record Marked(Instant start, double value, double expected, boolean anomaly) {
    }

    private final Jdbc jdbc;

    public FeedbackStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** A new row; pattern and delta may be null. Returns its id. */
    public long add(long seriesId, UUID incidentId, Instant from, Instant to, String kind, String comment,
                    String givenBy, Dismissal pattern, Double rebaseDelta) {
        return jdbc.query("store feedback", """
                insert into feedback (series_id, incident_id, range_start, range_end, kind, comment, given_by,
                    pattern_sign, pattern_max_deviation, pattern_from_minute, pattern_to_minute, rebase_delta)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""", rs -> rs.getLong(1),
                seriesId, incidentId, from, to, kind, comment, givenBy,
                pattern == null ? null : pattern.sign(), pattern == null ? null : pattern.maxDeviation(),
                pattern == null ? null : pattern.fromMinute(), pattern == null ? null : pattern.toMinute(),
                rebaseDelta).get(0);
    }

    /** The notAnomaly patterns of these series, by series. */
    public Map<Long, List<Dismissal>> dismissals(Collection<Long> seriesIds) {
        Map<Long, List<Dismissal>> out = new HashMap<>();
        if (seriesIds.isEmpty()) {
            return out;
        }
        jdbc.query("read feedback patterns", """
                select series_id, pattern_sign, pattern_max_deviation, pattern_from_minute, pattern_to_minute
                from feedback where kind = 'notAnomaly' and pattern_sign is not null and series_id = any(?)""",
                rs -> out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Dismissal(rs.getLong(1),
                        rs.getInt(2), rs.getDouble(3), rs.getInt(4), rs.getInt(5))),
                (Object) seriesIds.toArray(Long[]::new));
        return out;
    }

    /** The series' windows in {@code [from, to)} with their results of this detector, oldest first. */
    public List<Marked> marked(long seriesId, String detector, Instant from, Instant to) {
        return jdbc.query("read marked windows", """
                select w.window_start, w.sum / w.count, r.expected, coalesce(r.is_anomaly, false)
                from window_aggregate w left join anomaly_result r on r.series_id = w.series_id
                    and r.window_start = w.window_start and r.detector = ?
                where w.series_id = ? and w.window_start >= ? and w.window_start < ? and w.count > 0
                order by w.window_start""", rs -> {
                    double expected = rs.getDouble(3);
                    return new Marked(Jdbc.instant(rs, 1), rs.getDouble(2), rs.wasNull() ? Double.NaN : expected,
                            rs.getBoolean(4));
                }, detector, seriesId, from, to);
    }

    public List<Feedback> list(Long seriesId, UUID incidentId, int limit) {
        return jdbc.query("list feedback", """
                select f.id, f.series_id, s.series_key, f.incident_id, f.range_start, f.range_end, f.kind, f.comment,
                       f.given_by, f.created_at, f.rebase_delta
                from feedback f left join series s on s.id = f.series_id
                where (?::bigint is null or f.series_id = ?::bigint) and (?::uuid is null or f.incident_id = ?::uuid)
                order by f.created_at desc, f.id desc limit ?""", FeedbackStore::feedback,
                seriesId, seriesId, incidentId, incidentId, limit);
    }

    public List<Feedback> byIds(List<Long> ids) {
        return jdbc.query("read feedback", """
                select f.id, f.series_id, s.series_key, f.incident_id, f.range_start, f.range_end, f.kind, f.comment,
                       f.given_by, f.created_at, f.rebase_delta
                from feedback f left join series s on s.id = f.series_id where f.id = any(?) order by f.id""",
                FeedbackStore::feedback, (Object) ids.toArray(Long[]::new));
    }

    private static Feedback feedback(ResultSet rs) throws SQLException {
        double delta = rs.getDouble(11);
        Double d = rs.wasNull() ? null : delta;
        return new Feedback(rs.getLong(1), Long.toString(rs.getLong(2)), rs.getString(3),
                rs.getObject(4, UUID.class), Jdbc.instant(rs, 5), Jdbc.instant(rs, 6), rs.getString(7),
                rs.getString(8), rs.getString(9), Jdbc.instant(rs, 10), d);
    }
}

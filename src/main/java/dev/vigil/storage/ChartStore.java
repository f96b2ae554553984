package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** A series' windows with their latest result, for the chart; one primary-key range scan per table. */
@ApplicationScoped
public class ChartStore {

    private final DataSource dataSource;

    public ChartStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Start of the series' newest window, if it has any. */
    public Optional<Instant> newestWindow(long seriesId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select max(window_start) from window_aggregate where series_id = ?")) {
            ps.setLong(1, seriesId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return Optional.ofNullable(t).map(Timestamp::toInstant);
            }
        } catch (SQLException e) {
            throw new StorageException("query failed", e);
        }
    }

    /** The series' data step as the detection run last measured it (seconds), or null before its first run. */
    public Integer stepSeconds(long seriesId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select max(step_seconds) from series_state where series_id = ? and step_seconds > 0")) {
            ps.setLong(1, seriesId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int step = rs.getInt(1);
                return rs.wasNull() ? null : step;
            }
        } catch (SQLException e) {
            throw new StorageException("query failed", e);
        }
    }

    /**
     * Windows in [from, to), oldest first, each with its result if scored; when several detectors scored a window,
     * the latest scoring wins. Two plain range scans of the primary keys merged here, rather than a join: a join's
     * plan depends on table statistics, and before the first ANALYZE the planner picked a nested loop that took
     * seconds.
     */
    public List<WindowView> windows(long seriesId, Instant from, Instant to) {
        Map<Instant, Object[]> results = new HashMap<>();
        query("""
                select window_start, value, expected, lower_bound, upper_bound, is_anomaly, severity, score,
                       warming_up, detector, detector_version, reason
                from anomaly_result where series_id = ? and window_start >= ? and window_start < ?
                order by window_start, scored_at""", seriesId, from, to, rs -> {
            // ordered by scoring time: the latest scoring of a window overwrites earlier ones
            results.put(rs.getTimestamp(1).toInstant(), new Object[] {nullable(rs, 2), nullable(rs, 3),
                    nullable(rs, 4), nullable(rs, 5), rs.getBoolean(6), rs.getDouble(7), nullable(rs, 8),
                    rs.getBoolean(9), rs.getString(10), rs.getInt(11), rs.getString(12)});
        });
        List<WindowView> out = new ArrayList<>();
        query("""
                select w.window_start, w.count, w.min, w.max, w.sum / w.count, %s from window_aggregate w
                where w.series_id = ? and w.window_start >= ? and w.window_start < ? order by w.window_start"""
                        .formatted(MetricAggregation.valueSql(MetricAggregation.OF_SERIES, "w")), rs -> {
                    Instant start = rs.getTimestamp(1).toInstant();
                    Object[] r = results.get(start);
                    out.add(r == null
                            ? new WindowView(start, rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                                    rs.getDouble(6), null, null, null, null, false, 0, null, false, null, null, null)
                            : new WindowView(start, rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                                    rs.getDouble(6), (Double) r[0], (Double) r[1], (Double) r[2], (Double) r[3], (Boolean) r[4],
                                    (Double) r[5], (Double) r[6], (Boolean) r[7], (String) r[8], (Integer) r[9],
                                    (String) r[10]));
                }, seriesId, seriesId, Timestamp.from(from), Timestamp.from(to));
        return out;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql} on one series' range: its parameters are the series id, from and to, in that order. */
    private void query(String sql, long seriesId, Instant from, Instant to, RowReader reader) {
        query(sql, reader, seriesId, Timestamp.from(from), Timestamp.from(to));
    }

    private void query(String sql, RowReader reader, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new StorageException("query failed", e);
        }
    }

    private static Double nullable(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}

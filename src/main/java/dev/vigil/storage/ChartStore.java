package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** A series' windows joined with their latest result, for the chart; one indexed range scan per table. */
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

    /** Windows in [from, to), oldest first; when several detectors scored a window, the latest scoring wins. */
    public List<WindowView> windows(long seriesId, Instant from, Instant to) {
        String sql = """
                select w.window_start, w.count, w.min, w.max, w.sum / w.count, r.value, r.expected, r.lower_bound,
                       r.upper_bound, coalesce(r.is_anomaly, false), coalesce(r.severity, 0), r.score,
                       coalesce(r.warming_up, false), r.detector, r.detector_version
                from window_aggregate w
                left join (select distinct on (window_start) * from anomaly_result
                           where series_id = ? and window_start >= ? and window_start < ?
                           order by window_start, scored_at desc) r on r.window_start = w.window_start
                where w.series_id = ? and w.window_start >= ? and w.window_start < ?
                order by w.window_start""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Timestamp f = Timestamp.from(from);
            Timestamp t = Timestamp.from(to);
            ps.setLong(1, seriesId);
            ps.setTimestamp(2, f);
            ps.setTimestamp(3, t);
            ps.setLong(4, seriesId);
            ps.setTimestamp(5, f);
            ps.setTimestamp(6, t);
            List<WindowView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WindowView(rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getDouble(3),
                            rs.getDouble(4), rs.getDouble(5), nullable(rs, 6), nullable(rs, 7), nullable(rs, 8),
                            nullable(rs, 9), rs.getBoolean(10), rs.getDouble(11), nullable(rs, 12),
                            rs.getBoolean(13), rs.getString(14), (Integer) rs.getObject(15)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("query failed", e);
        }
    }

    private static Double nullable(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}

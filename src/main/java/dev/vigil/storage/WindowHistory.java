package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * A series' stored windows before a point in time, for rebuilding detector state when the detector (or its version)
 * changed: the new detector learns from history instead of warming up on live data. Joins the caller's transaction.
 */
@ApplicationScoped
public class WindowHistory {

    /** One stored window: its start and its mean, the value the detection run scores. */
    public record WindowValue(Instant start, double value) {
    }

    private final DataSource dataSource;

    public WindowHistory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The newest {@code limit} windows of the series that start before {@code before}, oldest first. */
    public List<WindowValue> before(long seriesId, Instant before, int limit) {
        List<WindowValue> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select window_start, sum / count from window_aggregate
                where series_id = ? and window_start < ? and count > 0
                order by window_start desc limit ?""")) {
            ps.setLong(1, seriesId);
            ps.setTimestamp(2, Timestamp.from(before));
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WindowValue(rs.getTimestamp(1).toInstant(), rs.getDouble(2)));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("could not read the windows of series " + seriesId, e);
        }
        Collections.reverse(out);
        return out;
    }
}

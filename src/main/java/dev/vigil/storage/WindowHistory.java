package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A series' stored windows before a point in time, for rebuilding detector state when the detector (or its version)
 * changed: the new detector learns from history instead of warming up on live data. Joins the caller's transaction.
 */
@ApplicationScoped
public class WindowHistory {

    /** One stored window: its start and its value under its metric's aggregation, the value the detection run scores. */
    public record WindowValue(Instant start, double value) {
    }

    private final DataSource dataSource;

    public WindowHistory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * For each series, its newest {@code limit} windows that start before its own instant, oldest first; series
     * without such windows are absent. One statement for all series.
     */
    public Map<Long, List<WindowValue>> before(Map<Long, Instant> firstNew, int limit) {
        Map<Long, List<WindowValue>> out = new HashMap<>();
        if (firstNew.isEmpty()) {
            return out;
        }
        List<Map.Entry<Long, Instant>> entries = new ArrayList<>(firstNew.entrySet());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select r.series_id, w.window_start, w.value
                from unnest(?::bigint[], ?::timestamptz[]) r (series_id, before)
                join series s on s.id = r.series_id
                left join metric_aggregation m on m.metric = s.metric
                cross join lateral (select a.window_start, %s as value from window_aggregate a
                                    where a.series_id = r.series_id and a.window_start < r.before and a.count > 0
                                    order by a.window_start desc limit ?) w
                order by r.series_id, w.window_start""".formatted(MetricAggregation.valueSql("m.aggregation", "a")))) {
            ps.setArray(1, c.createArrayOf("bigint", entries.stream().map(Map.Entry::getKey).toArray()));
            // instants as ISO-8601 text, so no JVM time zone is involved
            ps.setArray(2, c.createArrayOf("text", entries.stream().map(e -> e.getValue().toString()).toArray()));
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                            .add(new WindowValue(rs.getTimestamp(2).toInstant(), rs.getDouble(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not read the windows of " + firstNew.size() + " series", e);
        }
    }
}

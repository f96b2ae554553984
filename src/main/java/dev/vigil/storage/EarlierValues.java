package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The values of earlier stored windows, for alert rules' change conditions (README "Changes"): a window's value is
 * the one its metric's aggregation gives (the mean by default), as the detector and the chart see it. Joins the
 * caller's transaction.
 */
@ApplicationScoped
public class EarlierValues {

    /** A window of a series. */
    public record At(long seriesId, Instant start) {
    }

    private final Jdbc jdbc;

    public EarlierValues(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** For each window, its earlier value where {@code back} says it lies (absent: no such window). */
    public Map<At, Double> at(Collection<At> windows, AlertRule.Change.Back back) {
        return back.ago() == null ? before(windows, back.windows()) : ago(windows, back.ago());
    }

    /** For each window, the value of its series' window that started {@code ago} before it (absent: none stored). */
    public Map<At, Double> ago(Collection<At> windows, Duration ago) {
        Map<At, Double> out = new HashMap<>();
        if (windows.isEmpty()) {
            return out;
        }
        jdbc.query("read window values a while before", """
                select p.series_id, p.window_start, %s
                from unnest(?::bigint[], ?::timestamptz[]) p (series_id, window_start)
                join window_aggregate a on a.series_id = p.series_id
                    and a.window_start = p.window_start - ? * interval '1 second'
                join series s on s.id = p.series_id
                left join metric_aggregation m on m.metric = s.metric
                where a.count > 0""".formatted(MetricAggregation.valueSql("m.aggregation", "a")), rs -> out.put(new At(rs.getLong(1), Jdbc.instant(rs, 2)), rs.getDouble(3)),
                ids(windows), starts(windows), ago.toSeconds());
        return out;
    }

    /**
     * For each window, the value of its series' {@code n}-th stored window before it (1: the one just before),
     * whatever the gap; a window with fewer than {@code n} earlier windows is absent from the answer. One indexed
     * walk of at most {@code n} entries per window.
     */
    public Map<At, Double> before(Collection<At> windows, int n) {
        Map<At, Double> out = new HashMap<>();
        if (windows.isEmpty()) {
            return out;
        }
        jdbc.query("read earlier window values", """
                select p.series_id, p.window_start, e.value
                from unnest(?::bigint[], ?::timestamptz[]) p (series_id, window_start)
                join series s on s.id = p.series_id
                left join metric_aggregation m on m.metric = s.metric
                cross join lateral (
                    select %s as value from window_aggregate a
                    where a.series_id = p.series_id and a.window_start < p.window_start and a.count > 0
                    order by a.window_start desc offset ? limit 1) e""".formatted(
                        MetricAggregation.valueSql("m.aggregation", "a")),
                rs -> out.put(new At(rs.getLong(1), Jdbc.instant(rs, 2)), rs.getDouble(3)), ids(windows),
                starts(windows), n - 1);
        return out;
    }

    private static Long[] ids(Collection<At> windows) {
        return windows.stream().map(At::seriesId).toArray(Long[]::new);
    }

    /** Instants as ISO-8601 text, so no JVM time zone is involved. */
    private static String[] starts(Collection<At> windows) {
        return windows.stream().map(w -> w.start().toString()).toArray(String[]::new);
    }
}

package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The values of earlier stored windows, for alert rules' change conditions (README "Changes"): a window's value is
 * its aggregate's mean, as the detector and the chart see it. Joins the caller's transaction.
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
        Long[] ids = windows.stream().map(At::seriesId).toArray(Long[]::new);
        // instants as ISO-8601 text, so no JVM time zone is involved
        String[] starts = windows.stream().map(w -> w.start().toString()).toArray(String[]::new);
        jdbc.query("read earlier window values", """
                select p.series_id, p.window_start, e.value
                from unnest(?::bigint[], ?::timestamptz[]) p (series_id, window_start)
                cross join lateral (
                    select a.sum / a.count as value from window_aggregate a
                    where a.series_id = p.series_id and a.window_start < p.window_start and a.count > 0
                    order by a.window_start desc offset ? limit 1) e""",
                rs -> out.put(new At(rs.getLong(1), Jdbc.instant(rs, 2)), rs.getDouble(3)), ids, starts, n - 1);
        return out;
    }
}

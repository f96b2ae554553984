package dev.vigil.storage;

import dev.vigil.detection.Verdict;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.ResultRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Change points: the windows whose verdict said the series' level shifted (reason {@value Verdict#LEVEL}) or its
 * slope changed (reason {@value Verdict#TREND}), kept as
 * their own kind of result in {@code change_point}. Written in the scoring transaction, from the same result rows,
 * so a change point exists exactly when its window's stored result says so. Calls join the caller's transaction.
 */
@ApplicationScoped
public class ChangePointStore {

    /**
     * One change point as the API shows it.
     *
     * @param at          start of the window on which the detector saw the new level
     * @param value       the window's value (its mean)
     * @param levelBefore the value the detector expected there, i.e. the level it had learned; null if it had none
     * @param magnitude   value − levelBefore, in the series' units
     * @param direction   {@code up} or {@code down}
     * @param kind        {@code level} (a step) or {@code trend} (a change of slope), the verdict's reason
     */
    public record ChangePoint(Instant at, String detector, int detectorVersion, double value, Double levelBefore,
                              double magnitude, String direction, double severity, double score,
                              Instant runCutoff, String kind) {
    }

    private final DataSource dataSource;
    private final Jdbc jdbc;

    public ChangePointStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * Stores the change points among a chunk's results, and removes those of re-scored windows ({@code scored}
     * with {@code scoredBefore}) whose new result no longer reports a level shift. One statement each, over arrays.
     */
    public void record(List<ResultRow> results, List<PendingWindow> scored) {
        Set<String> rescored = new HashSet<>();
        for (PendingWindow w : scored) {
            if (w.scoredBefore()) {
                rescored.add(w.seriesId() + "@" + w.start());
            }
        }
        List<ResultRow> shifts = new ArrayList<>();
        List<ResultRow> cleared = new ArrayList<>();
        for (ResultRow r : results) {
            if (r.anomaly() && (Verdict.LEVEL.equals(r.reason()) || Verdict.TREND.equals(r.reason()))) {
                shifts.add(r);
            } else if (rescored.contains(r.seriesId() + "@" + r.windowStart())) {
                cleared.add(r);
            }
        }
        if (!cleared.isEmpty()) {
            write("""
                    delete from change_point c
                    using unnest(?::bigint[], ?::timestamptz[], ?::text[]) u (series_id, window_start, detector)
                    where c.series_id = u.series_id and c.window_start = u.window_start and c.detector = u.detector""",
                    new String[] {"bigint", "text", "text"}, keys(cleared));
        }
        if (!shifts.isEmpty()) {
            write("""
                    insert into change_point (series_id, window_start, detector, detector_version, value,
                        level_before, magnitude, direction, severity, score, run_cutoff, kind)
                    select * from unnest(?::bigint[], ?::timestamptz[], ?::text[], ?::int[], ?::float8[],
                                         ?::float8[], ?::float8[], ?::text[], ?::float8[], ?::float8[],
                                         ?::timestamptz[], ?::text[])
                    on conflict (series_id, window_start, detector) do update set
                        detector_version = excluded.detector_version, value = excluded.value,
                        level_before = excluded.level_before, magnitude = excluded.magnitude,
                        direction = excluded.direction, severity = excluded.severity, score = excluded.score,
                        run_cutoff = excluded.run_cutoff, kind = excluded.kind, recorded_at = now()""",
                    new String[] {"bigint", "text", "text", "int4", "float8", "float8", "float8", "text", "float8",
                        "float8", "text", "text"}, rows(shifts));
        }
    }

    /** The series' change points with {@code from <= at < to}, oldest first, at most {@code limit}. */
    public List<ChangePoint> between(long seriesId, Instant from, Instant to, int limit) {
        return jdbc.query("read change points", """
                select window_start, detector, detector_version, value, level_before, magnitude, direction,
                       severity, score, run_cutoff, kind
                from change_point where series_id = ? and window_start >= ? and window_start < ?
                order by window_start, detector limit ?""",
                rs -> new ChangePoint(Jdbc.instant(rs, 1), rs.getString(2), rs.getInt(3), rs.getDouble(4),
                        (Double) rs.getObject(5), rs.getDouble(6), rs.getString(7), rs.getDouble(8),
                        rs.getDouble(9), Jdbc.instant(rs, 10), rs.getString(11)),
                seriesId, from, to, limit);
    }

    /** Deletes up to {@code batch} change points of windows before {@code horizon}; returns how many. */
    public int pruneBefore(Instant horizon, int batch) {
        return jdbc.update("prune change points", """
                delete from change_point where ctid = any(array(
                    select ctid from change_point where window_start < ? limit ?))""", horizon, batch);
    }

    private static Object[][] keys(List<ResultRow> rows) {
        Object[][] cols = new Object[3][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            cols[0][i] = rows.get(i).seriesId();
            cols[1][i] = rows.get(i).windowStart().toString();
            cols[2][i] = rows.get(i).detector();
        }
        return cols;
    }

    private static Object[][] rows(List<ResultRow> shifts) {
        Object[][] cols = new Object[12][shifts.size()];
        for (int i = 0; i < shifts.size(); i++) {
            ResultRow r = shifts.get(i);
            boolean known = !Double.isNaN(r.expected());
            double magnitude = known ? r.value() - r.expected() : 0;
            cols[0][i] = r.seriesId();
            cols[1][i] = r.windowStart().toString();
            cols[2][i] = r.detector();
            cols[3][i] = r.detectorVersion();
            cols[4][i] = r.value();
            cols[5][i] = known ? r.expected() : null;
            cols[6][i] = magnitude;
            cols[7][i] = magnitude < 0 ? "down" : "up";
            cols[8][i] = r.severity();
            cols[9][i] = r.score();
            cols[10][i] = r.runCutoff().toString();
            cols[11][i] = r.reason();
        }
        return cols;
    }

    /** Runs one statement whose parameters are whole columns; instants go as ISO-8601 text (no JVM time zone). */
    private void write(String sql, String[] types, Object[][] columns) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < columns.length; i++) {
                ps.setArray(i + 1, c.createArrayOf(types[i], columns[i]));
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not write " + columns[0].length + " change points", e);
        }
    }
}

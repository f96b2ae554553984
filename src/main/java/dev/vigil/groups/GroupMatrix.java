package dev.vigil.groups;

import dev.vigil.detection.multivariate.FillPolicy;
import dev.vigil.storage.GroupStore.WindowPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An entity's windows on one grid of {@code rows} steps from {@code start}: one column per variable ({@code NaN}
 * where it has no window), and per row the sum of the windows' revisions (any late reading changes it) and whether
 * any variable was observed. Not thread-safe.
 */
final class GroupMatrix {

    final Instant start;
    final Duration step;
    final double[][] values;
    final long[] revisions;
    final boolean[] observed;

    private GroupMatrix(Instant start, Duration step, int rows, int width) {
        this.start = start;
        this.step = step;
        this.values = new double[rows][width];
        this.revisions = new long[rows];
        this.observed = new boolean[rows];
        for (double[] r : values) {
            Arrays.fill(r, Double.NaN);
        }
    }

    static GroupMatrix of(long[] seriesIds, List<WindowPoint> points, Instant start, Duration step, int rows) {
        Map<Long, Integer> column = new HashMap<>();
        for (int j = 0; j < seriesIds.length; j++) {
            column.put(seriesIds[j], j);
        }
        GroupMatrix m = new GroupMatrix(start, step, rows, seriesIds.length);
        long stepSeconds = step.toSeconds();
        for (WindowPoint p : points) {
            long offset = p.start().getEpochSecond() - start.getEpochSecond();
            Integer j = column.get(p.seriesId());
            if (j == null || offset < 0 || offset % stepSeconds != 0 || offset / stepSeconds >= rows
                    || !Double.isFinite(p.value())) {
                continue;
            }
            int i = (int) (offset / stepSeconds);
            m.values[i][j] = p.value();
            m.revisions[i] += p.revision();
            m.observed[i] = true;
        }
        return m;
    }

    int rows() {
        return values.length;
    }

    Instant time(int row) {
        return start.plus(step.multipliedBy(row));
    }

    /** The row of a window start on the grid, clamped to [0, rows]: rows() for a time at or after its end. */
    int index(Instant t) {
        long i = Math.floorDiv(t.getEpochSecond() - start.getEpochSecond(), step.toSeconds());
        return (int) Math.max(0, Math.min(rows(), i));
    }

    /** Share of rows where variable j has no window, 0..1 (NaN for no rows). */
    double missingRatio(int j) {
        int missing = 0;
        for (double[] r : values) {
            missing += Double.isNaN(r[j]) ? 1 : 0;
        }
        return values.length == 0 ? Double.NaN : (double) missing / values.length;
    }

    /**
     * Fills each variable's gaps by the rule's policy, except for variables missing in more than {@code maxMissing}
     * of the rows: they stay missing, so the engine excludes them instead of learning the fill.
     */
    void fill(FillPolicy policy, double maxMissing) {
        int width = values.length == 0 ? 0 : values[0].length;
        double[] c = new double[values.length];
        for (int j = 0; j < width; j++) {
            if (missingRatio(j) > maxMissing) {
                continue;
            }
            for (int i = 0; i < c.length; i++) {
                c[i] = values[i][j];
            }
            policy.fill(c);
            for (int i = 0; i < c.length; i++) {
                values[i][j] = c[i];
            }
        }
    }
}

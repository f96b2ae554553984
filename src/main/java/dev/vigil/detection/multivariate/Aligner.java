package dev.vigil.detection.multivariate;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Puts variables observed at their own times on one time grid, then fills the gaps by a {@link FillPolicy}: the
 * matrix that {@link MultivariateEngine#train} and {@link MultivariateModel#score} take. Pure and thread-safe.
 */
public final class Aligner {

    private Aligner() {
    }

    /**
     * One variable's observations.
     *
     * @param times  observation times, any order
     * @param values one finite value per time; a later duplicate of a grid cell wins
     */
    public record Observations(List<Instant> times, double[] values) {
        public Observations {
            times = List.copyOf(times);
            if (values == null || values.length != times.size()) {
                throw new IllegalArgumentException("one value per time");
            }
        }
    }

    /**
     * The aligned matrix {@code [rows][variables]}: row i is the grid cell {@code [start + i step, start + (i+1) step)};
     * an observation falls into the cell that holds its time, observations outside the grid (however far: any
     * {@link Instant}) are ignored, and empty cells are filled per variable by {@code policy}.
     *
     * @throws IllegalArgumentException if {@code step} is not positive or {@code rows} negative
     */
    public static double[][] align(Instant start, Duration step, int rows, List<Observations> variables,
                                   FillPolicy policy) {
        if (step == null || step.isNegative() || step.isZero() || rows < 0) {
            throw new IllegalArgumentException("step must be positive and rows >= 0");
        }
        Duration span = span(step, rows);
        double[][] m = new double[rows][variables.size()];
        double[] column = new double[rows];
        for (int j = 0; j < variables.size(); j++) {
            Arrays.fill(column, Double.NaN);
            Observations o = variables.get(j);
            for (int i = 0; i < o.values().length; i++) {
                // the offset is compared as a Duration (seconds and nanos) before any division, so a time centuries
                // off the grid is skipped instead of overflowing a count of nanoseconds
                Duration offset = Duration.between(start, o.times().get(i));
                if (offset.isNegative() || offset.compareTo(span) >= 0 || !Double.isFinite(o.values()[i])) {
                    continue;
                }
                column[(int) cell(offset, step)] = o.values()[i];
            }
            policy.fill(column);
            for (int i = 0; i < rows; i++) {
                m[i][j] = column[i];
            }
        }
        return m;
    }

    /** {@code step * rows}, or the longest Duration when that overflows (every offset then lies inside). */
    private static Duration span(Duration step, int rows) {
        try {
            return step.multipliedBy(rows);
        } catch (ArithmeticException e) {
            return Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
        }
    }

    /** The cell of a non-negative offset inside the grid: nanosecond arithmetic where it fits (under 292 years). */
    private static long cell(Duration offset, Duration step) {
        if (offset.getSeconds() < NANOS_FIT && step.getSeconds() < NANOS_FIT) {
            return offset.toNanos() / step.toNanos();
        }
        return offset.dividedBy(step);
    }

    /** Seconds below which a Duration's nanoseconds fit in a long. */
    private static final long NANOS_FIT = Long.MAX_VALUE / 1_000_000_000L - 1;
}

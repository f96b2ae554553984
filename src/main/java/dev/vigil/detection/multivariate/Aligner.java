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
     * an observation falls into the cell that holds its time, observations outside the grid are ignored, and empty
     * cells are filled per variable by {@code policy}.
     *
     * @throws IllegalArgumentException if {@code step} is not positive or {@code rows} negative
     */
    public static double[][] align(Instant start, Duration step, int rows, List<Observations> variables,
                                   FillPolicy policy) {
        if (step.isNegative() || step.isZero() || rows < 0) {
            throw new IllegalArgumentException("step must be positive and rows >= 0");
        }
        long stepNanos = step.toNanos();
        double[][] m = new double[rows][variables.size()];
        double[] column = new double[rows];
        for (int j = 0; j < variables.size(); j++) {
            Arrays.fill(column, Double.NaN);
            Observations o = variables.get(j);
            for (int i = 0; i < o.values().length; i++) {
                long offset = Duration.between(start, o.times().get(i)).toNanos();
                long cell = Math.floorDiv(offset, stepNanos);
                if (offset >= 0 && cell < rows && Double.isFinite(o.values()[i])) {
                    column[(int) cell] = o.values()[i];
                }
            }
            policy.fill(column);
            for (int i = 0; i < rows; i++) {
                m[i][j] = column[i];
            }
        }
        return m;
    }
}

package dev.vigil.detection.batch;

import java.util.Arrays;

/**
 * How missing grid points (NaN) are filled before detection.
 *
 * <ul>
 *   <li>{@link #AUTO}: linear interpolation (the service's default), carrying the nearest value at the ends;</li>
 *   <li>{@link #PREVIOUS}: last known value (the first known value before it);</li>
 *   <li>{@link #LINEAR}: straight line between the known neighbours;</li>
 *   <li>{@link #FIXED}: a caller-given value; {@link #ZERO}: 0;</li>
 *   <li>{@link #NOT_FILL}: nothing is filled; the detector works on the known points only.</li>
 * </ul>
 */
public enum ImputeMode {
    AUTO, PREVIOUS, LINEAR, FIXED, ZERO, NOT_FILL;

    /**
     * Fills the NaN entries of {@code grid}. Returns a new array; {@code NOT_FILL} returns a copy unchanged.
     * An all-NaN grid is returned unchanged for modes that need a known neighbour. Thread-safe (no state).
     *
     * @param fixedValue used by {@link #FIXED} only
     */
    public double[] fill(double[] grid, double fixedValue) {
        double[] out = Arrays.copyOf(grid, grid.length);
        switch (this) {
            case NOT_FILL -> {
                return out;
            }
            case FIXED, ZERO -> {
                double v = this == ZERO ? 0 : fixedValue;
                for (int i = 0; i < out.length; i++) {
                    if (Double.isNaN(out[i])) {
                        out[i] = v;
                    }
                }
                return out;
            }
            case PREVIOUS -> {
                double last = Double.NaN;
                for (double v : out) {
                    if (!Double.isNaN(v)) {
                        last = v;
                        break;
                    }
                }
                for (int i = 0; i < out.length; i++) {
                    if (Double.isNaN(out[i])) {
                        out[i] = last;
                    } else {
                        last = out[i];
                    }
                }
                return out;
            }
            default -> {
                linear(out);
                return out;
            }
        }
    }

    private static void linear(double[] out) {
        int prev = -1;
        for (int i = 0; i <= out.length; i++) {
            if (i < out.length && Double.isNaN(out[i])) {
                continue;
            }
            if (i - prev > 1) {
                for (int j = prev + 1; j < i; j++) {
                    if (prev < 0 && i >= out.length) {
                        return; // nothing known at all
                    } else if (prev < 0) {
                        out[j] = out[i];
                    } else if (i >= out.length) {
                        out[j] = out[prev];
                    } else {
                        out[j] = out[prev] + (out[i] - out[prev]) * (j - prev) / (double) (i - prev);
                    }
                }
            }
            prev = i;
        }
    }
}

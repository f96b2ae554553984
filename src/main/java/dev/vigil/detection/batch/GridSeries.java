package dev.vigil.detection.batch;

import java.util.Arrays;

/**
 * A series as the batch detectors see it: its points placed on their time grid, the gaps filled for detection, and
 * the period the Azure service would use. The Azure API and the pipeline's coarse series both prepare their points
 * here, so they are judged the same way. Gap handling: with more than half the grid missing nothing is filled and
 * no period is detected; otherwise the period is detected on the grid filled with the previous value ({@code auto})
 * or with the given mode, and the grid is filled for detection only when there is a period ({@code auto}, with
 * {@link SeasonalFill}) or the mode is an explicit one; otherwise the points are judged as they are.
 *
 * @param values       the values the detector sees (NaN-free when the input was)
 * @param indexOfPoint where each input point landed in {@code values}; null when they are the input points
 * @param period       the given or detected period (0 for none)
 */
public record GridSeries(double[] values, int[] indexOfPoint, int period) {

    /** The longest grid that is filled (twice the Azure API's longest series); longer ones are judged as they are. */
    public static final long MAX_FILL_SPAN = 2L * 8640;

    /** The index in {@link #values} of input point {@code i}. */
    public int index(int i) {
        return indexOfPoint == null ? i : indexOfPoint[i];
    }

    /**
     * Places and fills a series. The caller checks a given period first (the service needs 2·period + 1 grid points,
     * and no period above 1 on a grid more than half missing).
     *
     * @param raw         the points' values, NaN-free, at least one
     * @param positions   grid index of every point, strictly increasing from 0 (its own index for granularity none)
     * @param granularity the spacing unit, with {@code interval} units per step (for the calendar period guess)
     * @param period      the caller's period, or null to detect it
     * @param mode        how gaps are filled; {@code fixed} fills {@code fixedValue}
     * @return the prepared series; stateless, thread-safe
     */
    public static GridSeries of(double[] raw, long[] positions, Granularity granularity, int interval, Integer period,
                                ImputeMode mode, double fixedValue) {
        int n = raw.length;
        if (n == 0 || positions.length != n) {
            throw new IllegalArgumentException("need one position per value, and at least one value");
        }
        long span = positions[n - 1] + 1;
        boolean sparse = span > 2L * n; // more than half of the grid missing
        boolean fillable = span > n && span <= MAX_FILL_SPAN && mode != ImputeMode.NOT_FILL;
        double[] grid = null;
        int[] index = null;
        if (fillable) {
            grid = new double[(int) span];
            Arrays.fill(grid, Double.NaN);
            index = new int[n];
            for (int i = 0; i < n; i++) {
                index[i] = (int) positions[i];
                grid[index[i]] = raw[i];
            }
        }
        int p;
        if (period != null) {
            p = period;
        } else if (sparse) {
            p = 0;
        } else if (grid == null) {
            p = detectPeriod(raw, granularity, interval);
        } else {
            ImputeMode forPeriod = mode == ImputeMode.AUTO ? ImputeMode.PREVIOUS : mode;
            p = detectPeriod(forPeriod.fill(grid, fixedValue), granularity, interval);
        }
        if (grid == null || (mode == ImputeMode.AUTO && p <= 1)) {
            return new GridSeries(raw, null, p);
        }
        double[] filled = mode == ImputeMode.AUTO ? SeasonalFill.fill(grid, p) : mode.fill(grid, fixedValue);
        return new GridSeries(filled, index, p);
    }

    /**
     * The period the service would use: the calendar cycles of the granularity ({@link GranularityPeriod}), else
     * its correlogram ({@link SpectrumPeriod}), both on the given values.
     */
    private static int detectPeriod(double[] values, Granularity granularity, int interval) {
        int p = GranularityPeriod.detect(values, granularity, interval);
        return p > 0 ? p : SpectrumPeriod.detect(values);
    }
}

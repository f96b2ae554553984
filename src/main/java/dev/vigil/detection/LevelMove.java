package dev.vigil.detection;

import java.util.Arrays;

/**
 * The size of a level move told from outside (a {@code changePoint} feedback), measured from the data on both sides
 * of the change rather than from what a detector learned.
 *
 * <p>Week over week: each value since the change is compared with the value one week earlier, when that lies before
 * the change; the move is the median of those differences. The same hour of the same weekday carries the same daily
 * and weekly rhythm, so neither biases the difference. A detector's daily profile does not know the day of the week:
 * on a series whose weekend runs 30 lower, the daily profile of a Monday still holds the weekend, and a step of 6
 * measured against it read as 18 the day after the change and 41 a week later (the synthetic series of
 * {@code LevelMoveTest}). A trend moves the difference by a week of its slope.
 */
public final class LevelMove {

    /** The lag of the comparison, in seconds. */
    public static final long WEEK = 7 * 86_400L;

    private LevelMove() {
    }

    /**
     * The median of {@code values[i] - before[j]} over the pairs whose times are exactly a {@link #WEEK} apart
     * (window starts are aligned, so the same slot of the week has the same offset); NaN when there is no such pair.
     *
     * @param beforeEpochs times of the values before the change, ascending
     * @param before       their values
     * @param epochs       times of the values since the change, any order
     * @param values       their values
     */
    public static double weekOverWeek(long[] beforeEpochs, double[] before, long[] epochs, double[] values) {
        if (beforeEpochs.length != before.length || epochs.length != values.length) {
            throw new IllegalArgumentException("epochs and values differ in length");
        }
        double[] diffs = new double[values.length];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            int j = Arrays.binarySearch(beforeEpochs, epochs[i] - WEEK);
            if (j >= 0) {
                diffs[n++] = values[i] - before[j];
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(diffs, 0, n);
        return n % 2 == 1 ? diffs[n / 2] : (diffs[n / 2 - 1] + diffs[n / 2]) / 2;
    }
}

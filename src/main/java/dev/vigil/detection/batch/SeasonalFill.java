package dev.vigil.detection.batch;

/**
 * The service's "auto" gap filling for a series with a period p &gt; 1: a long gap (more than {@value #SHORT_GAP}
 * points, or more than p/4) is filled point by point with a weighted mean of the same phase in the three cycles
 * before and the three after (weights 0.1, 0.3, 0.6 | 0.6, 0.3, 0.1, nearest cycles heaviest; cycles that fall
 * outside the series or in a gap are left out and the weights are taken from the middle outwards for the values that
 * remain); short gaps are interpolated by a not-a-knot cubic spline through all known points
 * ({@link NotAKnotSpline}, scipy's default, as the service's library does), with a straight line instead where the
 * gap's surroundings are monotone and the spline overshoots them, clipped to the range of the known values; whatever
 * has no same-phase value is filled linearly ({@link ImputeMode#AUTO}).
 *
 * <p>Why: a linearly filled cycle is not periodic, so a decomposition bends its trend there and judges the filled
 * stretch's neighbours against it; on Microsoft's golden need-fill cases the service's expected values reproduce
 * an exactly periodic series exactly, gap included.
 *
 * <p>Thread-safe (stateless).
 */
public final class SeasonalFill {

    static final int SHORT_GAP = 6;
    private static final int CYCLES = 3;
    private static final double[] WEIGHTS = {0.1, 0.3, 0.6, 0.6, 0.3, 0.1};

    private SeasonalFill() {
    }

    /** Fills the NaN entries of {@code grid} (a new array is returned). */
    public static double[] fill(double[] grid, int period) {
        int n = grid.length;
        double[] linear = ImputeMode.AUTO.fill(grid, 0);
        if (period <= 1) {
            return linear;
        }
        NotAKnotSpline spline = spline(grid);
        double[] range = range(grid);
        // short gaps are filled by the spline (or linearly) and count as known; long gaps take their cycle's
        // neighbours
        double[] known = linear.clone();
        boolean any = false;
        int i = 0;
        while (i < n) {
            if (!Double.isNaN(grid[i])) {
                i++;
                continue;
            }
            int end = i;
            while (end < n && Double.isNaN(grid[end])) {
                end++;
            }
            int length = end - i;
            if (length > SHORT_GAP || length > period / 4.0) {
                java.util.Arrays.fill(known, i, end, Double.NaN);
                any = true;
            } else if (spline != null && i > 0 && end < n) {
                splineFill(grid, known, i, end, spline, range);
            }
            i = end;
        }
        if (!any) {
            return known;
        }
        double[] out = known.clone();
        for (int j = 0; j < n; j++) {
            if (Double.isNaN(known[j])) {
                out[j] = samePhase(known, j, period);
            }
        }
        return ImputeMode.AUTO.fill(out, 0);
    }

    /** The not-a-knot spline through every known point; null with fewer than 4 (then short gaps stay linear). */
    private static NotAKnotSpline spline(double[] grid) {
        int count = 0;
        for (double v : grid) {
            if (!Double.isNaN(v)) {
                count++;
            }
        }
        if (count < 4) {
            return null;
        }
        double[] xs = new double[count];
        double[] ys = new double[count];
        int k = 0;
        for (int j = 0; j < grid.length; j++) {
            if (!Double.isNaN(grid[j])) {
                xs[k] = j;
                ys[k++] = grid[j];
            }
        }
        return new NotAKnotSpline(xs, ys);
    }

    private static double[] range(double[] grid) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : grid) {
            if (!Double.isNaN(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return new double[] {min, max};
    }

    /**
     * Fills the short gap [from, to) (known points on both sides) the service's way: the spline; but where the
     * known points around the gap (two each side, index 0 and other gaps left out, at least three of them) run
     * monotone and the spline leaves the range of the outer two, a straight line between the gap's neighbours
     * instead (a spline overshoots at a step); in every case clipped to the range of all known values.
     */
    private static void splineFill(double[] grid, double[] out, int from, int to, NotAKnotSpline spline,
                                   double[] range) {
        for (int j = from; j < to; j++) {
            out[j] = spline.value(j);
        }
        double[] around = new double[4];
        int count = 0;
        for (int k : new int[] {from - 2, from - 1, to, to + 1}) {
            // 0 < k as in the service's code: the series' first point never takes part
            if (k > 0 && k < grid.length && !Double.isNaN(grid[k])) {
                around[count++] = grid[k];
            }
        }
        if (count > 2 && monotone(around, count)) {
            double lo = Math.min(around[0], around[count - 1]);
            double hi = Math.max(around[0], around[count - 1]);
            boolean outside = false;
            for (int j = from; j < to; j++) {
                outside |= out[j] < lo || out[j] > hi;
            }
            if (outside) {
                double a = grid[from - 1];
                double b = grid[to];
                for (int j = from; j < to; j++) {
                    out[j] = a + (b - a) * (j - from + 1) / (double) (to - from + 1);
                }
            }
        }
        for (int j = from; j < to; j++) {
            out[j] = Math.min(Math.max(out[j], range[0]), range[1]);
        }
    }

    /** Non-decreasing or non-increasing (ties allowed either way). */
    private static boolean monotone(double[] v, int count) {
        boolean up = true;
        boolean down = true;
        for (int k = 1; k < count; k++) {
            up &= v[k] >= v[k - 1];
            down &= v[k] <= v[k - 1];
        }
        return up || down;
    }

    /** Weighted mean of the known same-phase values up to three cycles either side; NaN when there is none. */
    private static double samePhase(double[] grid, int at, int period) {
        double[] back = new double[CYCLES];
        double[] forward = new double[CYCLES];
        int nb = 0;
        int nf = 0;
        for (int c = CYCLES; c >= 1; c--) { // oldest first
            int k = at - c * period;
            if (k >= 0 && !Double.isNaN(grid[k])) {
                back[nb++] = grid[k];
            }
        }
        for (int c = 1; c <= CYCLES; c++) {
            int k = at + c * period;
            if (k < grid.length && !Double.isNaN(grid[k])) {
                forward[nf++] = grid[k];
            }
        }
        if (nb + nf == 0) {
            return Double.NaN;
        }
        double sum = 0;
        double weight = 0;
        int first = CYCLES - nb;
        for (int k = 0; k < nb; k++) {
            sum += WEIGHTS[first + k] * back[k];
            weight += WEIGHTS[first + k];
        }
        for (int k = 0; k < nf; k++) {
            sum += WEIGHTS[CYCLES + k] * forward[k];
            weight += WEIGHTS[CYCLES + k];
        }
        return sum / weight;
    }
}

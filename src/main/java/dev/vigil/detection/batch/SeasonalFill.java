package dev.vigil.detection.batch;

/**
 * The service's "auto" gap filling for a series with a period p &gt; 1: a long gap (more than {@value #SHORT_GAP}
 * points, or more than p/4) is filled point by point with a weighted mean of the same phase in the three cycles
 * before and the three after (weights 0.1, 0.3, 0.6 | 0.6, 0.3, 0.1, nearest cycles heaviest; cycles that fall
 * outside the series or in a gap are left out and the weights are taken from the middle outwards for the values that
 * remain); short gaps and whatever has no same-phase value are filled linearly ({@link ImputeMode#AUTO}).
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
        boolean[] longGap = new boolean[n];
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
                java.util.Arrays.fill(longGap, i, end, true);
                any = true;
            }
            i = end;
        }
        if (!any) {
            return linear;
        }
        // short gaps count as known (filled linearly), long gaps take their cycle's neighbours
        double[] known = linear.clone();
        for (int j = 0; j < n; j++) {
            if (longGap[j]) {
                known[j] = Double.NaN;
            }
        }
        double[] out = known.clone();
        for (int j = 0; j < n; j++) {
            if (longGap[j]) {
                out[j] = samePhase(known, j, period);
            }
        }
        return ImputeMode.AUTO.fill(out, 0);
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

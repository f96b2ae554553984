package dev.vigil.detection.batch;

/**
 * Finds points where a series' level or trend changes for good, with a confidence per point.
 *
 * <p>The service never published its change-point method, so this is ours. After removing the seasonal pattern
 * (period &gt; 1), each candidate t with w = stableTrendWindow points on both sides compares one least-squares line
 * over [t−w, t+w) with two separate lines over [t−w, t) and [t, t+w) (a segmented regression, which catches both
 * level shifts and trend changes). The F statistic F = ((SSE₁ − SSE₂)/2) / (SSE₂/(2w − 4)) is largest where the
 * break really is, and confidence = F/(F + 2). The noise term is floored at 1e-9 of the series' scale so perfect
 * steps score near 1 rather than NaN. A point is a change point when its confidence is at least the threshold and
 * is the largest within ±w (one point per change; ties go to the earliest point).
 *
 * <p>Points closer than w to either end have confidence 0. Input must be NaN-free. Thread-safe (stateless).
 */
public final class ChangePointDetector {

    /** F at which confidence is 1/2; confidence 0.9 needs F = 18, a 3σ level shift over 10-point windows. */
    static final double CONFIDENCE_SCALE = 2;

    private ChangePointDetector() {
    }

    /**
     * @param period            0/1 for none, ≥ 2 to remove a seasonal pattern, {@link BatchSettings#AUTO_PERIOD}
     *                          to detect one
     * @param stableTrendWindow w ≥ 3 with 2w ≤ n
     * @param threshold         confidence needed, in (0, 1)
     */
    public static ChangePointResult detect(double[] values, int period, int stableTrendWindow, double threshold) {
        int n = values.length;
        if (stableTrendWindow < 3 || 2 * stableTrendWindow > n) {
            throw new IllegalArgumentException("stableTrendWindow must be >= 3 and <= n/2, was " + stableTrendWindow);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1), was " + threshold);
        }
        int p = period == BatchSettings.AUTO_PERIOD ? PeriodDetector.detect(values) : period;
        double[] x = values;
        if (p > 1 && 2 * p + 1 <= n) {
            double[] seasonal = SeasonalDecomposition.of(values, p).seasonal();
            x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = values[i] - seasonal[i];
            }
        } else {
            p = p == 1 ? 1 : 0; // a cycle too long to repeat in the series is not used
        }
        int w = stableTrendWindow;
        double scale = 0;
        for (double v : x) {
            scale = Math.max(scale, Math.abs(v));
        }
        double floor = Math.max(scale * 1e-9, 1e-12);
        double[] confidence = new double[n];
        for (int t = w; t + w <= n; t++) {
            Line both = Line.fit(x, t - w, t + w);
            Line left = Line.fit(x, t - w, t);
            Line right = Line.fit(x, t, t + w);
            double split = left.sse + right.sse;
            double noise = Math.max(split / (2 * w - 4), floor * floor);
            double f = Math.max(0, (both.sse - split) / 2) / noise;
            confidence[t] = f / (f + CONFIDENCE_SCALE);
        }
        boolean[] change = new boolean[n];
        for (int t = w; t + w <= n; t++) {
            if (confidence[t] < threshold) {
                continue;
            }
            boolean peak = true;
            for (int j = Math.max(0, t - w); j <= Math.min(n - 1, t + w) && peak; j++) {
                // ties go to the earliest point, where the change starts
                peak = confidence[j] < confidence[t] || (confidence[j] == confidence[t] && j >= t);
            }
            change[t] = peak;
        }
        return new ChangePointResult(p, change, confidence);
    }

    /** Least-squares line over x[from, to). */
    private record Line(double mean, double slope, double sse) {
        static Line fit(double[] x, int from, int to) {
            int m = to - from;
            double mi = (m - 1) / 2.0;
            double my = 0;
            for (int i = from; i < to; i++) {
                my += x[i];
            }
            my /= m;
            double sxy = 0;
            double sxx = 0;
            for (int i = 0; i < m; i++) {
                sxy += (i - mi) * (x[from + i] - my);
                sxx += (i - mi) * (i - mi);
            }
            double slope = sxx == 0 ? 0 : sxy / sxx;
            double sse = 0;
            for (int i = 0; i < m; i++) {
                double r = x[from + i] - (my + slope * (i - mi));
                sse += r * r;
            }
            return new Line(my, slope, sse);
        }
    }
}

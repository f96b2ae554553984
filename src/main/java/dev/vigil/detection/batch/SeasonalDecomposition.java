package dev.vigil.detection.batch;

/**
 * Outlier-robust additive decomposition x = trend + seasonal + remainder for a known period p ≥ 2.
 *
 * <p>An STL-like scheme made robust with medians and bisquare weights, so that isolated anomalies do not bend the
 * fit: (1) trend₀ = centred moving median over one period; (2) seasonal[phase] = median over cycles of x − trend,
 * centred to mean 0; (3) trend = {@link RobustLoess} (span {@value #TREND_SPAN}) of x − seasonal; steps 2–3 run
 * twice. The expected value is trend + seasonal.
 *
 * <p>Input must be NaN-free. Thread-safe (stateless).
 *
 * @param trend     slowly varying level
 * @param seasonal  repeating pattern with period p, mean 0 over a cycle
 * @param remainder x − trend − seasonal
 */
public record SeasonalDecomposition(double[] trend, double[] seasonal, double[] remainder) {

    /** Loess span of the trend; the per-phase medians absorb whatever slower shape it leaves. */
    static final int TREND_SPAN = 15;

    /** Decomposes {@code x} with period {@code period}; throws IllegalArgumentException for period < 2. */
    public static SeasonalDecomposition of(double[] x, int period) {
        if (period < 2) {
            throw new IllegalArgumentException("period must be >= 2, was " + period);
        }
        int n = x.length;
        double[] trend = Filters.movingMedian(x, period);
        double[] seasonal = seasonalMedians(x, trend, period);
        int span = Math.min(TREND_SPAN, n);
        for (int pass = 0; pass < 2; pass++) {
            double[] deseasoned = new double[n];
            for (int i = 0; i < n; i++) {
                deseasoned[i] = x[i] - seasonal[i];
            }
            trend = RobustLoess.smooth(deseasoned, span, 2);
            seasonal = seasonalMedians(x, trend, period);
        }
        double[] remainder = new double[n];
        for (int i = 0; i < n; i++) {
            remainder[i] = x[i] - trend[i] - seasonal[i];
        }
        return new SeasonalDecomposition(trend, seasonal, remainder);
    }

    private static double[] seasonalMedians(double[] x, double[] trend, int period) {
        int n = x.length;
        double[] pattern = new double[period];
        for (int phase = 0; phase < period; phase++) {
            int count = (n - phase + period - 1) / period;
            double[] d = new double[Math.max(count, 0)];
            int c = 0;
            for (int i = phase; i < n; i += period) {
                d[c++] = x[i] - trend[i];
            }
            pattern[phase] = c == 0 ? 0 : Filters.median(d);
        }
        double mean = 0;
        for (double v : pattern) {
            mean += v;
        }
        mean /= period;
        double[] seasonal = new double[n];
        for (int i = 0; i < n; i++) {
            seasonal[i] = pattern[i % period] - mean;
        }
        return seasonal;
    }

    /** trend + seasonal, the value the decomposition expects at each point. */
    public double[] expected() {
        double[] e = new double[trend.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = trend[i] + seasonal[i];
        }
        return e;
    }
}

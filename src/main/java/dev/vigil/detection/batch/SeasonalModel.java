package dev.vigil.detection.batch;

import java.util.function.Function;

/**
 * The decomposition behind the service's seasonal model (entire detection): a periodic robust {@link Stl} (inner 1,
 * outer 15 passes), run through {@link OutlierRefit}. When that leaves a mean relative remainder
 * mean(|remainder / x|) above {@value #MAPE_HIGH}, the same is done on a log scale (values shifted to a minimum of
 * 1 first when they go below 1; trend = e^{log-trend} − shift, seasonal = e^{log-trend + log-seasonal} −
 * e^{log-trend}), and the log form is kept when its mean relative remainder is below {@value #MAPE_LOW}: a
 * multiplicative cycle (amplitude growing with the level) is then modelled as such.
 *
 * <p>Thread-safe (stateless).
 */
final class SeasonalModel {

    static final double MAPE_HIGH = 0.10;
    static final double MAPE_LOW = 0.05;
    static final int INNER = 1;
    static final int OUTER = 15;

    private SeasonalModel() {
    }

    /** Trend, seasonal part and the fitted series' own remainder (see {@link OutlierRefit}). */
    static SeasonalDecomposition decompose(double[] x, int period) {
        SeasonalDecomposition d = OutlierRefit.decompose(x, period, y -> stl(y, period));
        if (!(meanRelative(d.remainder(), x) > MAPE_HIGH)) {
            return d;
        }
        SeasonalDecomposition logD = OutlierRefit.decompose(x, period, logScale(period));
        return meanRelative(logD.remainder(), x) < MAPE_LOW ? logD : d;
    }

    private static SeasonalDecomposition stl(double[] y, int period) {
        return Stl.decompose(y, period, Stl.PERIODIC, INNER, OUTER, true);
    }

    /** The decomposition on log(y + shift); its remainder stays on the shifted scale, as the service's does. */
    private static Function<double[], SeasonalDecomposition> logScale(int period) {
        return y -> {
            int n = y.length;
            double min = Double.POSITIVE_INFINITY;
            for (double v : y) {
                min = Math.min(min, v);
            }
            double shift = min < 1 ? 1 - min : 0;
            double[] logs = new double[n];
            for (int i = 0; i < n; i++) {
                logs[i] = Math.log(y[i] + shift);
            }
            SeasonalDecomposition l = stl(logs, period);
            double[] trend = new double[n];
            double[] seasonal = new double[n];
            double[] remainder = new double[n];
            for (int i = 0; i < n; i++) {
                double t = Math.exp(l.trend()[i]);
                seasonal[i] = Math.exp(l.trend()[i] + l.seasonal()[i]) - t;
                remainder[i] = y[i] + shift - t - seasonal[i];
                trend[i] = t - shift;
            }
            return new SeasonalDecomposition(trend, seasonal, remainder);
        };
    }

    /** mean(|r / x|); infinite or NaN when x has zeros, like the service's (then the log form is tried). */
    static double meanRelative(double[] r, double[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += Math.abs(r[i] / x[i]);
        }
        return s / x.length;
    }
}

package dev.vigil.detection.batch;

import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Stationarity tests used by the service's non-periodic models to decide whether to look for anomalies in the
 * differenced series too. A series counts as stationary when the augmented Dickey–Fuller test (constant, lag order
 * by AIC) rejects a unit root at 5 % or the KPSS test (level, Bartlett kernel, Hobijn et al. 1998 bandwidth) does
 * not reject level stationarity at 5 %. The 5 % decisions use critical values (ADF: MacKinnon 2010 response surface;
 * KPSS: 0.463 from Kwiatkowski et al. 1992) rather than p-values; they agree except exactly at the boundary.
 *
 * <p>Stateless, thread-safe; O(n·L²) for L ≤ 12·(n/100)^¼ ADF lags.
 */
final class Stationarity {

    static final double KPSS_CRITICAL_5 = 0.463;

    private Stationarity() {
    }

    /**
     * The number of differences (0, 1 or 2) after which the series tests stationary, or −1 when it does not after
     * two. A test that cannot be computed (too few points, singular regression) counts as stationary.
     */
    static int differencesNeeded(double[] x, int maxDifferences) {
        double[] y = x;
        for (int d = 0; d <= maxDifferences; d++) {
            if (isStationary(y)) {
                return d;
            }
            y = difference(y, d);
        }
        return -1;
    }

    /**
     * First differences of y padded back to y's length by repeating the difference at index {@code shift}
     * (shift + 1 times), so that the result lines up with the original points.
     */
    static double[] difference(double[] y, int shift) {
        int n = y.length;
        double[] d = new double[n - 1];
        for (int i = 1; i < n; i++) {
            d[i - 1] = y[i] - y[i - 1];
        }
        double[] out = new double[n];
        int k = 0;
        for (int j = 0; j <= shift; j++) {
            out[k++] = d[shift];
        }
        for (int i = shift; i < n - 1 && k < n; i++) {
            out[k++] = d[i];
        }
        return out;
    }

    static boolean isStationary(double[] y) {
        try {
            double adf = adfStatistic(y);
            if (Double.isNaN(adf)) {
                return true;
            }
            if (adf < adfCritical5(y.length)) {
                return true;
            }
            double kpss = kpssStatistic(y);
            return Double.isNaN(kpss) || kpss <= KPSS_CRITICAL_5;
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** MacKinnon (2010) 5 % critical value of the constant-only Dickey–Fuller τ for sample size t. */
    static double adfCritical5(int t) {
        return -2.86154 - 2.8903 / t - 4.234 / ((double) t * t) - 40.040 / ((double) t * t * t);
    }

    /**
     * Augmented Dickey–Fuller t statistic with a constant: Δy_t on 1, y_{t−1} and p lagged differences, p chosen
     * from 0..⌈12·(n/100)^¼⌉ by the smallest AIC on a common sample, then refitted on all usable rows. NaN when the
     * series is too short or constant.
     */
    static double adfStatistic(double[] y) {
        int n = y.length;
        int maxLag = (int) Math.ceil(12 * Math.pow(n / 100.0, 0.25));
        maxLag = Math.min(maxLag, n / 2 - 3);
        if (maxLag < 0) {
            return Double.NaN;
        }
        double[] dy = new double[n - 1];
        for (int i = 1; i < n; i++) {
            dy[i - 1] = y[i] - y[i - 1];
        }
        int best = 0;
        double bestAic = Double.POSITIVE_INFINITY;
        for (int p = 0; p <= maxLag; p++) {
            double[] fit = fitAdf(y, dy, p, maxLag, false);
            if (fit == null) {
                continue;
            }
            if (fit[1] < bestAic) {
                bestAic = fit[1];
                best = p;
            }
        }
        double[] fit = fitAdf(y, dy, best, best, true);
        return fit == null ? Double.NaN : fit[0];
    }

    /**
     * {t statistic of y_{t−1} (NaN unless wanted), AIC} for lag p, using the rows of dy from index firstRowLag;
     * null if degenerate.
     */
    private static double[] fitAdf(double[] y, double[] dy, int p, int firstRowLag, boolean wantT) {
        int rows = dy.length - firstRowLag;
        int k = 2 + p;
        if (rows <= k + 1) {
            return null;
        }
        double[] target = new double[rows];
        double[][] design = new double[rows][1 + p];
        for (int r = 0; r < rows; r++) {
            int t = firstRowLag + r; // index in dy: dy[t] = y[t+1] − y[t]
            target[r] = dy[t];
            design[r][0] = y[t];
            for (int j = 1; j <= p; j++) {
                design[r][j] = dy[t - j];
            }
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(target, design);
        double ssr = ols.calculateResidualSumOfSquares();
        if (!(ssr > 0)) {
            return null;
        }
        double aic = rows * Math.log(ssr / rows) + 2 * k;
        if (!wantT) {
            return new double[]{Double.NaN, aic};
        }
        double[] beta = ols.estimateRegressionParameters();
        double[] se = ols.estimateRegressionParametersStandardErrors();
        return se[1] > 0 ? new double[]{beta[1] / se[1], aic} : null;
    }

    /** KPSS level-stationarity statistic with the Hobijn et al. (1998) automatic bandwidth; NaN if constant. */
    static double kpssStatistic(double[] y) {
        int n = y.length;
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = y[i] - mean;
        }
        double gamma0 = autocov(e, 0);
        if (!(gamma0 > 0)) {
            return Double.NaN;
        }
        int lags = Math.min(autoLags(e), n - 1);
        double lrv = gamma0;
        for (int j = 1; j <= lags; j++) {
            lrv += 2 * (1 - j / (lags + 1.0)) * autocov(e, j);
        }
        double s = 0;
        double eta = 0;
        for (int i = 0; i < n; i++) {
            s += e[i];
            eta += s * s;
        }
        return eta / ((double) n * n * lrv);
    }

    private static double autocov(double[] e, int lag) {
        double s = 0;
        for (int i = lag; i < e.length; i++) {
            s += e[i] * e[i - lag];
        }
        return s / e.length;
    }

    /** Hobijn, Franses and Ooms (1998) data-dependent Bartlett bandwidth. */
    static int autoLags(double[] e) {
        int n = e.length;
        int covLags = (int) Math.pow(n, 2.0 / 9);
        double s0 = autocov(e, 0);
        double s1 = 0;
        for (int i = 1; i <= covLags; i++) {
            double g = autocov(e, i);
            s0 += 2 * g;
            s1 += 2 * i * g;
        }
        if (s0 == 0) {
            return 0;
        }
        double sHat = s1 / s0;
        double gammaHat = 1.1447 * Math.pow(sHat * sHat, 1.0 / 3);
        return Math.max(0, (int) (gammaHat * Math.pow(n, 1.0 / 3)));
    }
}

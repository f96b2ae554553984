package dev.vigil.detection.batch;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Stationarity tests used by the service's non-periodic models to decide whether to look for anomalies in the
 * differenced series too. A series counts as stationary when the augmented Dickey–Fuller test (constant, lag order
 * by AIC) has a p-value below 5 % or the KPSS test (level, Bartlett kernel, Hobijn et al. 1998 bandwidth) one of at
 * least 5 %, with the p-values of the {@code arch} package the service calls: ADF from MacKinnon's (1994)
 * asymptotic response surface (so the cut is near −2.8615 at every length, not a finite-sample critical value),
 * KPSS from a simulated table whose 5 % point is 0.4614.
 *
 * <p>Stateless, thread-safe; O(n·L²) for L ≤ 12·(n/100)^¼ ADF lags.
 */
final class Stationarity {

    /** The statistic where the KPSS p-value table of {@code arch} reads 5 %. */
    static final double KPSS_CRITICAL_5 = 0.4614;
    /** MacKinnon (1994) small-p surface for the constant-only τ, one unit root: p = Φ(a + b·τ + c·τ²). */
    private static final double[] TAU_SMALL_P = {2.1659, 1.4412, 0.038269};
    /** Below this τ the small-p surface applies (above it p is far from 5 %). */
    private static final double TAU_STAR = -1.61;
    /** Below this τ the p-value is 0. */
    private static final double TAU_MIN = -18.83;
    /** Φ⁻¹(0.05). */
    private static final double Z_5 = -1.6448536269514722;

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
            if (adfPValueBelow5(adf)) {
                return true;
            }
            double kpss = kpssStatistic(y);
            return Double.isNaN(kpss) || kpss <= KPSS_CRITICAL_5;
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Whether the ADF p-value of τ (MacKinnon 1994, asymptotic) is below 0.05. */
    static boolean adfPValueBelow5(double tau) {
        if (tau < TAU_MIN) {
            return true;
        }
        if (tau > TAU_STAR) {
            return false;
        }
        return TAU_SMALL_P[0] + TAU_SMALL_P[1] * tau + TAU_SMALL_P[2] * tau * tau < Z_5;
    }

    /**
     * Augmented Dickey–Fuller t statistic with a constant: Δy_t on 1, y_{t−1} and p lagged differences, p chosen
     * from 0..⌈12·(n/100)^¼⌉ by the smallest AIC on a common sample, then refitted on all usable rows. NaN when the
     * series is too short or constant.
     */
    static double adfStatistic(double[] y) {
        int n = y.length;
        int maxLag = (int) Math.ceil(12 * Math.pow(n / 100.0, 0.25));
        // arch's cap for very short series: (n − 1)/2 − 1 less one for the constant, at least 0
        maxLag = Math.max(Math.min(maxLag, (n - 1) / 2 - 2), 0);
        if (n < 4) {
            return Double.NaN;
        }
        double[] dy = new double[n - 1];
        for (int i = 1; i < n; i++) {
            dy[i - 1] = y[i] - y[i - 1];
        }
        int best = bestLag(y, dy, maxLag);
        return adfT(y, dy, best, best);
    }

    /**
     * The lag order 0..maxLag with the smallest AIC, every candidate fitted on the same rows (those of dy from index
     * maxLag). The candidates' designs are leading columns of one design [1, y_{t−1}, Δy_{t−1}, …, Δy_{t−maxLag}],
     * so its cross-products are summed once and each candidate solves its leading block (Cholesky) instead of
     * decomposing a rows × (p + 2) matrix: the thirteen fits had made last-point detection of a non-periodic series
     * cost three quarters of its time. The residual sum of squares is then summed from the residuals themselves.
     */
    private static int bestLag(double[] y, double[] dy, int maxLag) {
        int rows = dy.length - maxLag;
        int cols = 2 + maxLag;
        double[][] gram = new double[cols][cols];
        double[] xty = new double[cols];
        double[] row = new double[cols];
        for (int r = 0; r < rows; r++) {
            designRow(y, dy, maxLag + r, maxLag, row);
            double target = dy[maxLag + r];
            for (int a = 0; a < cols; a++) {
                xty[a] += row[a] * target;
                for (int b = 0; b <= a; b++) {
                    gram[a][b] += row[a] * row[b];
                }
            }
        }
        int best = 0;
        double bestAic = Double.POSITIVE_INFINITY;
        for (int p = 0; p <= maxLag; p++) {
            int k = 2 + p;
            if (rows <= k + 1) {
                continue;
            }
            double[][] block = new double[k][k];
            double[] rhs = new double[k];
            for (int a = 0; a < k; a++) {
                rhs[a] = xty[a];
                for (int b = 0; b <= a; b++) {
                    block[a][b] = gram[a][b];
                    block[b][a] = gram[a][b];
                }
            }
            double[] beta = new CholeskyDecomposition(new Array2DRowRealMatrix(block, false)).getSolver()
                    .solve(new ArrayRealVector(rhs, false)).toArray();
            double ssr = 0;
            for (int r = 0; r < rows; r++) {
                designRow(y, dy, maxLag + r, p, row);
                double e = dy[maxLag + r];
                for (int a = 0; a < k; a++) {
                    e -= beta[a] * row[a];
                }
                ssr += e * e;
            }
            if (!(ssr > 0)) {
                continue;
            }
            double aic = rows * Math.log(ssr / rows) + 2 * k;
            if (aic < bestAic) {
                bestAic = aic;
                best = p;
            }
        }
        return best;
    }

    /** [1, y_t, Δy_{t−1}, …, Δy_{t−p}] for row t of dy (dy[t] = y[t+1] − y[t]), into {@code out}. */
    private static void designRow(double[] y, double[] dy, int t, int p, double[] out) {
        out[0] = 1;
        out[1] = y[t];
        for (int j = 1; j <= p; j++) {
            out[1 + j] = dy[t - j];
        }
    }

    /** The t statistic of y_{t−1} for lag p, using the rows of dy from index firstRowLag; NaN if degenerate. */
    private static double adfT(double[] y, double[] dy, int p, int firstRowLag) {
        int rows = dy.length - firstRowLag;
        int k = 2 + p;
        if (rows <= k + 1) {
            return Double.NaN;
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
        if (!(ols.calculateResidualSumOfSquares() > 0)) {
            return Double.NaN;
        }
        double[] beta = ols.estimateRegressionParameters();
        double[] se = ols.estimateRegressionParametersStandardErrors();
        return se[1] > 0 ? beta[1] / se[1] : Double.NaN;
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

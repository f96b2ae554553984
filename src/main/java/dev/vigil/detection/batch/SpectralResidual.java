package dev.vigil.detection.batch;

import java.util.Arrays;
import org.apache.commons.math3.complex.Complex;

/**
 * Spectral residual saliency (Ren et al., "Time-Series Anomaly Detection Service at Microsoft", KDD 2019, §4.1),
 * scored the way Microsoft's open-sourced service scores it.
 *
 * <p>For a series x: A = |F(x)|, P = arg F(x), L = log A, R = L − h_q * L (trailing mean of width q = 3),
 * saliency S = |F⁻¹(exp(R + iP))|. Because the transform is weak at the series end, κ = 5 copies of a predicted
 * next value are appended first. The prediction looks at a window w of m + 1 = 6 points: median(w) plus half the
 * summed slopes from each point of w to its newest one, scaled by (|w| + 1)/(|w| − 1). For last-point detection w
 * ends at the second-to-last point, so that the judged value does not predict itself; for entire detection w holds
 * the newest six values inside the Tukey fences (Q1 − 1.5·IQR, Q3 + 1.5·IQR), so that a spike at the end does not
 * throw the extension.
 *
 * <p>Score of point i: |S_i − S̄_i|/S̄_i with S̄_i the mean of the z = 100 saliency values up to and including i;
 * before the window is full the missing part is filled with the mean of the earlier values (the first point scores
 * 0). Points with score ≥ {@value #ANOMALY_SCORE} are candidates; points with score ≤ {@value #SKELETON_SCORE} form
 * the "skeleton" that defines expected values. Input must be NaN-free. Thread-safe (stateless).
 */
public final class SpectralResidual {

    static final double ANOMALY_SCORE = 3.5;
    static final double SKELETON_SCORE = 1.0;
    /** last-detect: recent points scoring at least this are left out when the newest point is rescored. */
    static final double DROP_SCORE = 1.5;
    private static final int MAG_WINDOW = 3;
    private static final int SCORE_WINDOW = 100;
    private static final int LOOK_AHEAD = 5;
    private static final int EXTEND = 5;
    private static final double EPS = 1e-8;

    private SpectralResidual() {
    }

    /** Per-point raw scores for entire detection (outlier-robust extension). Series shorter than 2 points score 0. */
    public static double[] scores(double[] x) {
        return scores(x, true);
    }

    static double[] scores(double[] x, boolean robustExtension) {
        int n = x.length;
        double[] scores = new double[n];
        if (n < 2) {
            return scores;
        }
        double[] saliency = saliency(extend(x, robustExtension));
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += saliency[i];
            double mean;
            if (i == 0) {
                mean = saliency[0];
            } else if (i < SCORE_WINDOW) {
                // pad the short window with the mean of the earlier values
                double earlier = (sum - saliency[i]) / i;
                mean = (sum + earlier * (SCORE_WINDOW - i - 1)) / SCORE_WINDOW;
            } else {
                sum -= saliency[i - SCORE_WINDOW];
                mean = sum / SCORE_WINDOW;
            }
            if (mean <= 2 * EPS) {
                mean = EPS;
            }
            scores[i] = Math.abs(saliency[i] - mean) / mean;
        }
        return scores;
    }

    /**
     * Scores for last-point detection. A burst of unusual points just before the newest one would hide it, so the
     * newest point is rescored on the series without the recent stretch that starts at the first point (among the
     * last d = min(max(maxAnomalies, ⌊n/10⌋), ⌊0.45·n⌋)) scoring at least {@value #DROP_SCORE}; the dropped points
     * get a non-skeleton score so that they stay out of the expected value. A newest point whose z-score is below
     * {@value #DROP_SCORE} scores 0 (it is then part of the skeleton).
     */
    static double[] lastPointScores(double[] x, int maxAnomalies) {
        int n = x.length;
        double[] scores = scores(x, false);
        int drop = Math.min(Math.max(maxAnomalies, n / 10), (int) (n * 0.45));
        int cut = n - 1;
        for (int i = Math.max(0, n - drop); i < n; i++) {
            if (scores[i] >= DROP_SCORE) {
                cut = i;
                break;
            }
        }
        for (int i = cut; i < n - 1; i++) {
            scores[i] = 2 * SKELETON_SCORE;
        }
        double[] kept = Arrays.copyOf(x, cut + 1);
        kept[cut] = x[n - 1];
        double[] rescored = scores(kept, false);
        scores[n - 1] = rescored[cut];
        if (Math.abs(populationZScore(x, n - 1)) < DROP_SCORE) {
            scores[n - 1] = 0;
        }
        return scores;
    }

    /** (x_i − mean)/sd with the population sd; NaN for a constant series (never "below" a threshold). */
    static double populationZScore(double[] x, int i) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(var / x.length);
        return (x[i] - mean) / sd;
    }

    static double[] extend(double[] x, boolean robust) {
        int n = x.length;
        double[] window = robust ? inlierWindow(x) : Arrays.copyOfRange(x, Math.max(0, n - LOOK_AHEAD - 2), n - 1);
        double next = predictNext(window);
        double[] out = Arrays.copyOf(x, n + EXTEND);
        Arrays.fill(out, n, out.length, next);
        return out;
    }

    /** The newest LOOK_AHEAD + 1 values inside the Tukey fences, oldest first, padded in front with the median. */
    private static double[] inlierWindow(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double q25 = quantile(sorted, 0.25);
        double q50 = quantile(sorted, 0.5);
        double q75 = quantile(sorted, 0.75);
        double hi = q75 + 1.5 * (q75 - q25);
        double lo = q25 - 1.5 * (q75 - q25);
        double[] w = new double[LOOK_AHEAD + 1];
        Arrays.fill(w, q50);
        int k = LOOK_AHEAD;
        for (int j = x.length - 1; j >= 0 && k >= 0; j--) {
            if (x[j] >= lo && x[j] <= hi) {
                w[k--] = x[j];
            }
        }
        return w;
    }

    /** Linear-interpolated quantile of sorted data (the usual "type 7" definition). */
    private static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    /** median(w) + half the summed slopes to the newest value of w, scaled by (|w| + 1)/(|w| − 1). */
    static double predictNext(double[] w) {
        int m = w.length;
        if (m < 2) {
            return m == 1 ? w[0] : 0;
        }
        double slopes = 0;
        for (int i = 0; i < m - 1; i++) {
            slopes += (w[m - 1] - w[i]) / (m - 1 - i);
        }
        return Filters.median(w) + slopes * 0.5 * (m + 1) / (m - 1);
    }

    static double[] saliency(double[] x) {
        int n = x.length;
        Complex[] f = Fourier.forward(x);
        double[] logAmp = new double[n];
        for (int i = 0; i < n; i++) {
            // the library's geometric mean skips zero magnitudes, i.e. counts their log as 0
            double amp = f[i].abs();
            logAmp[i] = amp > 0 ? Math.log(amp) : 0;
        }
        double[] avg = Filters.trailingMean(logAmp, MAG_WINDOW);
        Complex[] g = new Complex[n];
        for (int i = 0; i < n; i++) {
            // F divided by the local geometric mean of |F|: the spectral residual with the original phase
            g[i] = f[i].multiply(Math.exp(-avg[i]));
        }
        Complex[] back = Fourier.inverse(g);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = back[i].abs();
        }
        return s;
    }
}

package dev.vigil.detection.batch;

import org.apache.commons.math3.complex.Complex;

/**
 * Spectral residual saliency (Ren et al., "Time-Series Anomaly Detection Service at Microsoft", KDD 2019, §4.1).
 *
 * <p>For a series x: A = |F(x)|, P = arg F(x), L = log A, R = L − h_q * L (moving average of width q = 3),
 * saliency S = |F⁻¹(exp(R + iP))|. Because the transform is weak at the series end, κ = 5 points are appended first:
 * x̂ = x[m'−m+1] + m·ḡ with ḡ the mean slope (x[m'] − x[m'−i])/i, i = 1..m (m = 5), taken at the second-to-last
 * point m' so that the newest value (the one most often judged) does not predict itself.
 *
 * <p>Score of point i: |S_i − S̄_i|/S̄_i with S̄_i the mean of the z = 40 saliency values before i (the first point
 * scores 0). Points with
 * score ≥ {@value #ANOMALY_SCORE} are candidates; points with score ≤ {@value #SKELETON_SCORE} form the "skeleton"
 * that defines expected values. Input must be NaN-free. Thread-safe (stateless).
 */
public final class SpectralResidual {

    static final double ANOMALY_SCORE = 3.5;
    static final double SKELETON_SCORE = 1.0;
    private static final int MAG_WINDOW = 3;
    private static final int SCORE_WINDOW = 40;
    private static final int LOOK_AHEAD = 5;
    private static final int EXTEND = 5;
    private static final double EPS = 1e-8;

    private SpectralResidual() {
    }

    /** Per-point raw scores (≥ 0 mostly; unbounded). Series shorter than 2 points score 0. */
    public static double[] scores(double[] x) {
        int n = x.length;
        double[] scores = new double[n];
        if (n < 2) {
            return scores;
        }
        double[] saliency = saliency(extend(x));
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + saliency[i];
        }
        for (int i = 1; i < n; i++) {
            int a = Math.max(0, i - SCORE_WINDOW);
            double mean = (prefix[i] - prefix[a]) / (i - a);
            scores[i] = Math.abs(saliency[i] - mean) / Math.max(mean, EPS);
        }
        return scores;
    }

    static double[] extend(double[] x) {
        int n = x.length;
        int last = n - 2; // second-to-last point
        int m = Math.min(LOOK_AHEAD, last);
        double next = x[n - 1];
        if (m >= 1) {
            double g = 0;
            for (int i = 1; i <= m; i++) {
                g += (x[last] - x[last - i]) / i;
            }
            g /= m;
            next = x[last - m + 1] + m * g;
        }
        double[] out = new double[n + EXTEND];
        System.arraycopy(x, 0, out, 0, n);
        for (int i = n; i < out.length; i++) {
            out[i] = next;
        }
        return out;
    }

    static double[] saliency(double[] x) {
        int n = x.length;
        Complex[] f = Fourier.forward(x);
        double[] logAmp = new double[n];
        for (int i = 0; i < n; i++) {
            logAmp[i] = Math.log(Math.max(f[i].abs(), EPS));
        }
        double[] avg = Filters.trailingMean(logAmp, MAG_WINDOW);
        Complex[] g = new Complex[n];
        for (int i = 0; i < n; i++) {
            double amp = f[i].abs();
            double residual = Math.exp(logAmp[i] - avg[i]);
            g[i] = amp < EPS ? Complex.ZERO : f[i].multiply(residual / amp);
        }
        Complex[] back = Fourier.inverse(g);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = back[i].abs();
        }
        return s;
    }
}

package dev.vigil.detection.batch;

import org.apache.commons.math3.complex.Complex;

/**
 * Finds the dominant cycle length of a series (points per cycle), or 0 when there is none.
 *
 * <p>Method: remove the least-squares line, clip outliers, take the periodogram, and turn its strongest peaks into candidate
 * periods n/k (with the neighbouring integers, since n/k is rarely whole). A candidate is kept only when it is at
 * least {@value #MIN_PERIOD} points, fits at least twice in the series, and the autocorrelation at that lag is a
 * local maximum above {@value #MIN_CORRELATION}. Peaks are tried strongest first and the first confirmed one wins
 * (the fundamental, not one of its multiples, which correlate just as well). This is the spectrum + correlogram
 * pairing the retired service described (minimum period 4), in our own form.
 *
 * <p>Input must be NaN-free (impute first). Constant, empty or too short input gives 0. Thread-safe.
 */
public final class PeriodDetector {

    static final int MIN_PERIOD = 4;
    static final double MIN_CORRELATION = 0.5;
    private static final int CANDIDATE_PEAKS = 6;

    private PeriodDetector() {
    }

    /** The detected period in points, 0 for none. */
    public static int detect(double[] values) {
        int n = values.length;
        if (n < 2 * MIN_PERIOD + 1) {
            return 0;
        }
        double[] x = clip(detrend(values));
        double var = 0;
        for (double v : x) {
            var += v * v;
        }
        if (var <= 1e-12 * n) {
            return 0;
        }
        Complex[] spectrum = Fourier.forward(x);
        double[] power = new double[n / 2 + 1];
        for (int k = 1; k <= n / 2; k++) {
            power[k] = spectrum[k].abs();
        }
        boolean[] used = new boolean[n / 2 + 1];
        for (int c = 0; c < CANDIDATE_PEAKS; c++) {
            int peak = -1;
            for (int k = 2; k <= n / 2; k++) {
                if (!used[k] && (peak < 0 || power[k] > power[peak])) {
                    peak = k;
                }
            }
            if (peak < 0) {
                break;
            }
            used[peak] = true;
            // strongest peak first: the first candidate whose correlogram confirms it wins
            int best = 0;
            double bestCorr = MIN_CORRELATION;
            double centre = (double) n / peak;
            int nearest = (int) Math.round(centre);
            if (nearest >= MIN_PERIOD && 2 * nearest + 1 <= n && autocorrelation(x, nearest, var) > MIN_CORRELATION) {
                return nearest; // noise moves the correlogram's local maximum by ±1 more often than the peak
            }
            for (int p = (int) Math.floor(centre) - 1; p <= (int) Math.ceil(centre) + 1; p++) {
                if (p < MIN_PERIOD || 2 * p + 1 > n) {
                    continue;
                }
                double r = autocorrelation(x, p, var);
                if (r > bestCorr && r >= autocorrelation(x, p - 1, var) && r >= autocorrelation(x, p + 1, var)) {
                    bestCorr = r;
                    best = p;
                }
            }
            if (best > 0) {
                return best;
            }
        }
        return 0;
    }

    /** Autocorrelation of a zero-mean-ish series at {@code lag}, normalised by the overlap length. */
    static double autocorrelation(double[] x, int lag, double totalVar) {
        int n = x.length;
        if (lag <= 0 || lag >= n) {
            return lag == 0 ? 1 : 0;
        }
        double s = 0;
        for (int i = lag; i < n; i++) {
            s += x[i] * x[i - lag];
        }
        return (s / (n - lag)) / (totalVar / n);
    }

    /**
     * Clips values farther than 3.5 robust standard deviations (1.4826·MAD) from the median: one spike spreads
     * its energy over every frequency and would otherwise drown a genuine cycle.
     */
    static double[] clip(double[] x) {
        double med = Filters.median(x);
        double bound = 3.5 * 1.4826 * Filters.mad(x);
        if (bound == 0) {
            return x;
        }
        double[] out = new double[x.length];
        double mean = 0;
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.max(med - bound, Math.min(med + bound, x[i]));
            mean += out[i];
        }
        mean /= x.length;
        for (int i = 0; i < x.length; i++) {
            out[i] -= mean;
        }
        return out;
    }

    /** The series minus its least-squares line. */
    static double[] detrend(double[] y) {
        int n = y.length;
        double mx = (n - 1) / 2.0;
        double my = 0;
        for (double v : y) {
            my += v;
        }
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (i - mx) * (y[i] - my);
            sxx += (i - mx) * (i - mx);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = y[i] - (my + slope * (i - mx));
        }
        return out;
    }
}

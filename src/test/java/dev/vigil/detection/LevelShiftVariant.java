package dev.vigil.detection;

import java.util.Arrays;

/**
 * {@link LevelShift#latest} with the handling of a drifting level as a choice, for the shift study (BENCHMARKS
 * "Coarse series", branch shift5), and the figures of its test at one start for the trace. {@link Kind#TODAY} is
 * LevelShift's own code (the study checks it gives the same start on every history it reads). Both candidates use
 * one robust local slope b per day, the median of the same-phase differences (x[j] − x[j − c·q]) / (c·q) over the
 * c·q points j before s (the same 2·c·q points LevelShift already reads; the weekly cycle cancels in each difference):
 *
 * <ul>
 *   <li>{@link Kind#DETRENDED} (a): every reference is the median of its same-phase values each moved forward by b
 *       per day of lag, and both tests read the residuals against those references;</li>
 *   <li>{@link Kind#RELAXED} (b): references as today, but the residuals' centre may be the drift the slope explains
 *       (|centre − b · L| ≤ σ, L the references' mean lag), and the new points are tested as e − b · L.</li>
 * </ul>
 */
final class LevelShiftVariant {

    enum Kind { TODAY, DETRENDED, RELAXED }

    /** The test at one start s: the before-window's centre and σ, the slope, the new points' residuals in σ. */
    record Check(double centre, double sigma, double slope, double explained, double[] z, boolean centred,
                 boolean beyond) {
    }

    private LevelShiftVariant() {
    }

    static int latest(double[] x, int period, Kind kind) {
        int q = Math.max(period, 1);
        int c = cycles(q);
        double floor = floor(x);
        boolean later = false;
        for (int s = x.length - LevelShift.CONFIRM; s >= 2 * q * c; s--) {
            boolean here = check(x, s, q, c, floor, kind).beyond();
            if (later && !here) {
                return s + 1;
            }
            later = here;
        }
        return -1;
    }

    /** The test at start s (s ≥ 2 · c · q and s + CONFIRM ≤ x.length). */
    static Check check(double[] x, int s, int period, Kind kind) {
        int q = Math.max(period, 1);
        return check(x, s, q, cycles(q), floor(x), kind);
    }

    private static Check check(double[] x, int s, int q, int c, double floor, Kind kind) {
        double b = kind == Kind.TODAY ? 0 : slope(x, s, q, c);
        double moved = kind == Kind.DETRENDED ? b : 0; // the references' own drift
        double[] before = new double[q * c];
        for (int j = 0; j < before.length; j++) {
            int i = s - before.length + j;
            before[j] = x[i] - reference(x, i, i, q, c, moved);
        }
        double centre = median(before);
        double[] dev = new double[before.length];
        for (int j = 0; j < dev.length; j++) {
            dev[j] = Math.abs(before[j] - centre);
        }
        double sigma = Math.max(1.4826 * median(dev), floor);
        // the before-window's references lie 1 .. c periods back: mean lag q (c + 1) / 2, as for the new points
        double explained = kind == Kind.RELAXED ? b * q * (c + 1) / 2.0 : 0;
        boolean centred = Math.abs(centre - explained) <= sigma;
        double[] z = new double[LevelShift.CONFIRM];
        int sign = 0;
        boolean beyond = centred;
        for (int i = s; i < s + LevelShift.CONFIRM; i++) {
            double e = x[i] - reference(x, i, s, q, c, moved) - explained;
            z[i - s] = e / sigma;
            int side = e > LevelShift.K * sigma ? 1 : e < -LevelShift.K * sigma ? -1 : 0;
            if (side == 0 || (sign != 0 && side != sign)) {
                beyond = false;
            }
            sign = side;
        }
        return new Check(centre, sigma, b, explained, z, centred, beyond);
    }

    /** Median of (x[j] − x[j − c·q]) / (c·q) over the c·q points before s. */
    private static double slope(double[] x, int s, int q, int c) {
        int lag = q * c;
        double[] d = new double[lag];
        for (int j = 0; j < lag; j++) {
            int i = s - lag + j;
            d[j] = (x[i] - x[i - lag]) / lag;
        }
        return median(d);
    }

    private static double reference(double[] x, int i, int before, int q, int c, double b) {
        int first = (i - before) / q + 1;
        double[] r = new double[c];
        for (int j = 0; j < c; j++) {
            int lag = q * (first + j);
            r[j] = x[i - lag] + b * lag;
        }
        return median(r);
    }

    private static int cycles(int q) {
        return Math.max(4, (28 + q - 1) / q);
    }

    private static double floor(double[] x) {
        double scale = 0;
        for (double v : x) {
            scale = Math.max(scale, Math.abs(v));
        }
        return 1e-9 * scale + 1e-12;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}

package dev.vigil.detection.batch;

import java.util.Arrays;

/**
 * The service's last step (Microsoft's open-source univariate library, {@code refine.py} and
 * {@code boundary_utils.py}): margins around the expected values and the final anomaly verdict, in its two
 * boundary versions.
 *
 * <p><b>V1</b> (the default): the margin is |expected|·(100 − s)/100, except for the spectral-residual model, whose
 * margin is |value − expected|·(1 − s/100)/score for points with a normalized score above 1e-8 (score =
 * clip(raw − 3.5/11.5, 0, 1), the library's own precedence) and 1 % of the range of the other points' values for
 * them. Bounds are then tightened to the range of the values and expected values; a flagged point inside its bounds
 * (inclusive) is cleared, unless s = 100, where its margins become 0; an unflagged point outside gets margins of
 * 1.01·|value − expected| on both sides. Severity is min(|value − expected|/|expected|, 1), with 0.3 in place of an
 * |expected| ≤ 1e-8.
 *
 * <p><b>V2 and V3</b>: a unit per point, |trend|/2 plus half the mean |trend| of the unflagged points, at least 0.3
 * (0.3 throughout when that trend is all zero), times a factor that falls with s ({@link #FACTORS}). An unflagged
 * point's band is widened to reach it (|value − expected| + unit·factor/2 on its side, a third of that on the other);
 * at s = 99 a flagged point closer than unit·factor (but not within 1e-4 of it) gets a half-distance margin. A flagged
 * point stays an anomaly only when it lies outside its band; severity is the position of |value − expected|/unit in
 * the factor table, over 100.
 */
final class Margins {

    static final double EPS = 1e-8;
    static final double MIN_UNIT = 0.3;
    private static final double SR_SCORE_SHIFT = 3.5 / (15 - 3.5);

    /** Margin factor per integer sensitivity 0..100 (the service's table, falling from 532 to 0). */
    static final double[] FACTORS = {
            532.0, 492.8, 455.20000000000005, 419.20000000000005, 384.8, 352.0, 320.8, 291.2, 263.20000000000005,
            236.8, 212.0, 188.8, 167.20000000000002, 147.2, 128.8, 112.0, 96.8, 83.2, 71.2, 60.8, 52.0, 44.8, 39.2,
            35.2, 32.8, 30.0, 28.75, 27.5, 26.25, 25.0, 23.75, 22.5, 21.25, 20.0, 18.75, 17.5, 16.25, 15.0, 13.75,
            12.5, 11.25, 10.0, 8.75, 7.5, 6.25, 5.0, 4.599999999999998, 4.199999999999999, 3.799999999999997,
            3.3999999999999986, 3.0, 2.599999999999998, 2.1999999999999993, 1.7999999999999972, 1.3999999999999986,
            1.0, 0.96, 0.9199999999999999, 0.8799999999999999, 0.8399999999999999, 0.7999999999999998,
            0.7599999999999998, 0.7199999999999998, 0.6799999999999997, 0.6399999999999997, 0.6000000000000001,
            0.5700000000000003, 0.54, 0.5100000000000002, 0.4800000000000004, 0.4500000000000002, 0.4200000000000004,
            0.3900000000000001, 0.3600000000000003, 0.33000000000000007, 0.2999999999999998, 0.2849999999999999,
            0.2699999999999998, 0.2549999999999999, 0.23999999999999977, 0.22499999999999987, 0.20999999999999974,
            0.19499999999999984, 0.17999999999999994, 0.1649999999999998, 0.1499999999999999, 0.13818181818181818,
            0.12636363636363646, 0.1145454545454545, 0.10272727272727278, 0.09090909090909083, 0.0790909090909091,
            0.06727272727272737, 0.043636363636363695, 0.01200000000000001, 0.008, 0.0060750000000000005, 0.00415,
            0.0022249999999999995, 0.0002999999999999999, 0.0
    };

    private Margins() {
    }

    /** Final verdict for every point; {@code flagged} must already exclude points within 1e-8 of their expected value. */
    record Verdict(double[] upper, double[] lower, boolean[] anomaly, double[] severity) {
    }

    /** The service's normalized spectral-residual score of a raw score. */
    static double normalizedScore(double raw) {
        return Math.min(1, Math.max(0, raw - SR_SCORE_SHIFT));
    }

    /**
     * Version 1. {@code srScores} are the normalized spectral-residual scores when that model's margins apply,
     * else null.
     */
    static Verdict v1(double[] x, double[] e, boolean[] flagged, double[] srScores, double sensitivity) {
        int n = x.length;
        double[] margin = new double[n];
        if (srScores != null) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (srScores[i] <= EPS) {
                    lo = Math.min(lo, x[i]);
                    hi = Math.max(hi, x[i]);
                }
            }
            double normal = hi >= lo ? (hi - lo) * 0.01 : 0;
            double bar = 1 - sensitivity / 100.0;
            for (int i = 0; i < n; i++) {
                margin[i] = srScores[i] <= EPS ? normal : Math.abs(x[i] - e[i]) / srScores[i] * bar;
            }
        } else {
            for (int i = 0; i < n; i++) {
                margin[i] = Math.abs(e[i]) * (100 - sensitivity) / 100;
            }
        }
        double[] upperBound = new double[n];
        double[] lowerBound = new double[n];
        double minUpper = Double.POSITIVE_INFINITY;
        double maxLower = Double.NEGATIVE_INFINITY;
        double top = Double.NEGATIVE_INFINITY;
        double bottom = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            upperBound[i] = e[i] + margin[i];
            lowerBound[i] = e[i] - margin[i];
            minUpper = Math.min(minUpper, upperBound[i]);
            maxLower = Math.max(maxLower, lowerBound[i]);
            top = Math.max(top, Math.max(x[i], e[i]));
            bottom = Math.min(bottom, Math.min(x[i], e[i]));
        }
        double[] upper = new double[n];
        double[] lower = new double[n];
        boolean[] anomaly = flagged.clone();
        double[] severity = new double[n];
        for (int i = 0; i < n; i++) {
            // numpy's clip(a, lo, hi) is min(max(a, lo), hi), also when lo > hi
            double ub = Math.min(Math.max(upperBound[i], minUpper), top);
            double lb = Math.min(Math.max(lowerBound[i], bottom), maxLower);
            upper[i] = ub - e[i];
            lower[i] = e[i] - lb;
            boolean inside = lb <= x[i] && x[i] <= ub;
            if (flagged[i] && inside) {
                if (sensitivity >= 100) {
                    upper[i] = 0;
                    lower[i] = 0;
                } else {
                    anomaly[i] = false;
                }
            } else if (!flagged[i] && x[i] > ub) {
                upper[i] = (x[i] - e[i]) * 1.01;
                lower[i] = upper[i];
            } else if (!flagged[i] && x[i] < lb) {
                lower[i] = (e[i] - x[i]) * 1.01;
                upper[i] = lower[i];
            }
            if (anomaly[i]) {
                double base = Math.abs(e[i]) <= EPS ? MIN_UNIT : Math.abs(e[i]);
                severity[i] = Math.min(Math.abs(x[i] - e[i]) / base, 1);
            }
        }
        return new Verdict(upper, lower, anomaly, severity);
    }

    /** Versions 2 and 3, measured against the model's {@code trend}. */
    static Verdict v2(double[] x, double[] e, double[] trend, boolean[] flagged, double sensitivity) {
        int n = x.length;
        double[] unit = units(trend, flagged);
        double[] upper = new double[n];
        double[] lower = new double[n];
        boolean[] anomaly = new boolean[n];
        double[] severity = new double[n];
        for (int i = 0; i < n; i++) {
            double[] m = margin(unit[i], sensitivity, x[i], e[i], flagged[i]);
            upper[i] = m[0];
            lower[i] = m[1];
            anomaly[i] = flagged[i] && (x[i] > e[i] + upper[i] || x[i] < e[i] - lower[i]);
            if (anomaly[i]) {
                severity[i] = score(x[i], e[i], unit[i]) / 100.0;
            }
        }
        return new Verdict(upper, lower, anomaly, severity);
    }

    static double[] units(double[] trend, boolean[] flagged) {
        int n = trend.length;
        double sum = 0;
        int count = 0;
        boolean allZero = true;
        for (int i = 0; i < n; i++) {
            if (!flagged[i]) {
                sum += Math.abs(trend[i]);
                count++;
                allZero &= Math.abs(trend[i]) < EPS;
            }
        }
        double[] unit = new double[n];
        if (allZero) {
            Arrays.fill(unit, MIN_UNIT);
            return unit;
        }
        double mean = sum / count;
        for (int i = 0; i < n; i++) {
            unit[i] = Math.max(MIN_UNIT, Math.abs(trend[i]) * 0.5 + mean * 0.5);
        }
        return unit;
    }

    /** {upper, lower} margin; a fractional sensitivity interpolates between its two integer neighbours. */
    static double[] margin(double unit, double sensitivity, double value, double expected, boolean anomaly) {
        int lb = (int) sensitivity;
        double[] m1 = margin(unit, lb, value, expected, anomaly);
        if (lb == sensitivity) {
            return m1;
        }
        double[] m2 = margin(unit, lb + 1, value, expected, anomaly);
        double w = 1 - sensitivity + lb;
        return new double[] {m2[0] + w * (m1[0] - m2[0]), m2[1] + w * (m1[1] - m2[1])};
    }

    private static double[] margin(double unit, int sensitivity, double value, double expected, boolean anomaly) {
        double delta = unit * FACTORS[sensitivity];
        double dist = Math.abs(expected - value);
        if (!anomaly) {
            delta = dist + delta * 0.5;
            return value > expected ? new double[] {delta, delta / 3.0} : new double[] {delta / 3.0, delta};
        }
        if (sensitivity == 99 && delta * 1e-4 < dist && dist < delta) {
            delta = dist * 0.5;
        }
        return new double[] {delta, delta};
    }

    /** Position (0..100) of |value − expected|/unit in the factor table read from its small end. */
    static double score(double value, double expected, double unit) {
        double dist = Math.abs(expected - value) / unit;
        int len = FACTORS.length;
        // ascending view: a[k] = FACTORS[len - 1 - k]; first k with a[k] >= dist
        int lb = 0;
        while (lb < len && FACTORS[len - 1 - lb] < dist) {
            lb++;
        }
        if (lb == 0) {
            return 0;
        }
        if (lb >= 100) {
            return 100;
        }
        double a = FACTORS[len - lb];
        double b = FACTORS[len - 1 - lb];
        return lb - 1 + (dist - a) / (b - a);
    }
}

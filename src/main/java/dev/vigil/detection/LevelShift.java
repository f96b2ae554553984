package dev.vigil.detection;

import java.util.Arrays;

/**
 * Finds a lasting level shift in a coarse series' history, and moves the history before it to the new level.
 *
 * <p>Each point's residual is its value minus the median of its {@code c} same-phase values before the shift's
 * start s (the points one, two, ... periods earlier; c = max(4, ⌈28 / period⌉)), so a weekly cycle needs no
 * decomposition and a one-day spike cannot move the reference. A shift starts at s when the {@value #CONFIRM} points
 * from s all have residuals of one sign beyond {@value #K} σ, σ = 1.4826 · MAD of the residuals of the c · period
 * points before s (each against its own c same-phase predecessors), those residuals are centred (|median| ≤ σ: the
 * level was stable, not trending, before s), and the point before s does not pass the same test (s is where the
 * shift starts, not a day inside it). Under Gaussian noise four residuals of one sign beyond 3 σ happen about once
 * in 10¹¹ days. We chose this over {@code ChangePointDetector} (the Azure change-point engine, which needs
 * stableTrendWindow points on both sides and a seasonal decomposition of the whole history) because it confirms a
 * shift after {@value #CONFIRM} points instead of 7 and reads only the same weekday's values, which a level shift
 * does not blur. Needs 2 · c · period + {@value #CONFIRM} points (60 days of daily data) before it can find one.
 * Pure and stateless.
 */
final class LevelShift {

    /** Points in a row that must lie beyond the old level. */
    static final int CONFIRM = 4;

    /** Residuals beyond this many robust standard deviations count as shifted. */
    static final double K = 3;

    /** Least number of reference points per point: four weeks of days. */
    private static final int REFERENCE = 28;

    private LevelShift() {
    }

    /**
     * What the last point of a history was measured against when it confirmed a shift: its same-phase reference
     * before the shift, and the robust σ of the residuals before it.
     */
    record OldLevel(double expected, double sigma) {
    }

    /** Start of the most recent level shift among {@code x} (a gap-free grid), or -1 if none is confirmed. */
    static int latest(double[] x, int period) {
        int q = Math.max(period, 1);
        int c = cycles(q);
        double floor = floor(x);
        boolean later = false; // beyond(s + 1), from the iteration before
        for (int s = x.length - CONFIRM; s >= 2 * q * c; s--) {
            boolean here = beyond(x, s, q, c, floor);
            if (later && !here) {
                return s + 1;
            }
            later = here;
        }
        return -1; // none, or one that began too early to tell where
    }

    /**
     * {@code x} with the points before {@code start} moved to the level of the points from it (the last point, the
     * one judged, left out of the fit): multiplied by the median ratio to their same-phase references when all values
     * are positive and that fits the new points better than adding the median difference, else shifted by it.
     */
    static double[] adjusted(double[] x, int start, int period) {
        int q = Math.max(period, 1);
        int c = cycles(q);
        int k = x.length - 1 - start;
        double[] ref = new double[k];
        double[] diff = new double[k];
        double[] ratio = new double[k];
        boolean positive = true;
        for (int i = 0; i < k; i++) {
            ref[i] = reference(x, start + i, start, q, c);
            diff[i] = x[start + i] - ref[i];
            ratio[i] = x[start + i] / ref[i];
            positive &= x[start + i] > 0 && ref[i] > 0;
        }
        double d = median(diff);
        double r = median(ratio);
        double additive = 0;
        double multiplicative = 0;
        for (int i = 0; i < k; i++) {
            additive += Math.abs(x[start + i] - ref[i] - d);
            multiplicative += Math.abs(x[start + i] - ref[i] * r);
        }
        boolean scale = positive && multiplicative < additive;
        double[] out = x.clone();
        for (int i = 0; i < start; i++) {
            out[i] = scale ? x[i] * r : x[i] + d;
        }
        return out;
    }

    /**
     * Whether the shift that starts at {@code start} is one confirmed a few points before it seen again: an earlier
     * start lies within the new one's reference weeks (c · period points), so the new start's references straddle that
     * step and its confirmation measures the same move (a step whose first days were partial, or noise at its edge).
     */
    static boolean repeats(double[] x, int start, int period) {
        int q = Math.max(period, 1);
        int earlier = latest(Arrays.copyOf(x, start + CONFIRM - 1), period);
        return earlier > 0 && start - earlier < q * cycles(q);
    }

    /**
     * The level the last point of {@code x} left, for a shift that starts at {@code start} ({@link #latest}): the
     * point's same-phase reference before the shift, with the σ of the residuals before it. The point that confirms a
     * shift lies beyond {@value #K} σ of it: the very test that confirmed it.
     */
    static OldLevel oldLevel(double[] x, int start, int period) {
        int q = Math.max(period, 1);
        int c = cycles(q);
        int last = x.length - 1;
        return new OldLevel(reference(x, last, start, q, c), stableLevel(x, start, q, c, floor(x)).sigma());
    }

    /** Whether the {@value #CONFIRM} points from s lie beyond the stable level before s, all on one side. */
    private static boolean beyond(double[] x, int s, int q, int c, double floor) {
        Stable level = stableLevel(x, s, q, c, floor);
        double centre = level.centre();
        double sigma = level.sigma();
        if (Math.abs(centre) > sigma) {
            return false;
        }
        int sign = 0;
        for (int i = s; i < s + CONFIRM; i++) {
            double e = x[i] - reference(x, i, s, q, c);
            int side = e > K * sigma ? 1 : e < -K * sigma ? -1 : 0;
            if (side == 0 || (sign != 0 && side != sign)) {
                return false;
            }
            sign = side;
        }
        return true;
    }

    /** The centre and robust σ of residuals, each against its own c same-phase predecessors. */
    private record Stable(double centre, double sigma) {
    }

    /** The residuals of the c · q points before s: their centre and robust σ. */
    private static Stable stableLevel(double[] x, int s, int q, int c, double floor) {
        double[] before = new double[q * c];
        for (int j = 0; j < before.length; j++) {
            int i = s - before.length + j;
            before[j] = x[i] - reference(x, i, i, q, c);
        }
        double centre = median(before);
        double[] dev = new double[before.length];
        for (int j = 0; j < dev.length; j++) {
            dev[j] = Math.abs(before[j] - centre);
        }
        return new Stable(centre, Math.max(1.4826 * median(dev), floor));
    }

    /** A flat history has σ 0: any step off it counts, above a floor far below the values' own precision. */
    private static double floor(double[] x) {
        double scale = 0;
        for (double v : x) {
            scale = Math.max(scale, Math.abs(v));
        }
        return 1e-9 * scale + 1e-12;
    }

    /** Median of the c same-phase values of point i that lie before {@code before}. */
    private static double reference(double[] x, int i, int before, int q, int c) {
        int first = (i - before) / q + 1; // fewest periods back that land before `before`
        double[] r = new double[c];
        for (int j = 0; j < c; j++) {
            r[j] = x[i - q * (first + j)];
        }
        return median(r);
    }

    private static int cycles(int q) {
        return Math.max(4, (REFERENCE + q - 1) / q);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}

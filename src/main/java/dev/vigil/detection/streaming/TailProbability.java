package dev.vigil.detection.streaming;

import java.nio.ByteBuffer;

/**
 * Turns a non-negative raw feature {@code f} into a <em>surprisal</em>: {@code -log10} of the probability that the
 * feature reaches {@code f}, estimated from the feature's own past. Surprisals of different series and features are
 * on one scale (a surprisal of 4 is a one-in-10,000 value for that feature of that series), which is what lets one
 * threshold serve every series.
 *
 * <p><b>Formula.</b> The feature is compressed as {@code u = ln(1 + f)}. Exponentially weighted mean {@code m} and
 * variance {@code v} of {@code u} (weight {@code max(alpha, 1/n)}) place the tail threshold
 * {@code tau = m + k sd}, {@code sd = max(sqrt v, minSd)}. Values above {@code tau} are peaks over the threshold
 * (the SPOT method, Siffer et al., KDD 2017): their share {@code rho} and the mean and mean square of the excesses
 * {@code y = u - tau} are kept with exponential weights, and a generalised Pareto distribution is fitted to the
 * excesses by the method of moments ({@code r = mean^2 / variance}, shape {@code g = (1 - r) / 2}, scale
 * {@code s = mean (1 + r) / 2}; Hosking and Wallis 1987), its shape shrunk towards 0 by {@code N / (N + 30)} for
 * {@code N} excesses seen, so a few early peaks cannot claim a hard upper end point. Then
 * <pre>
 *   P(U >= u) = rho (1 + g y / s)^(-1/g)        (u > tau; exp(-y / s) when g = 0; 0 beyond the end point)
 *   P(U >= u) = max(rho, Q((u - m) / sd))        (u <= tau, Q the normal upper tail)
 * </pre>
 * and the surprisal is {@code min(12, -log10 P)}. Working on peaks only, with bounded state, replaces SPOT's stored
 * peak list and its maximum-likelihood fit; that is our adaptation for a fixed-size snapshot.
 *
 * <p><b>A prior on the peak share.</b> Without one ({@code peakPrior} 0) the peak share starts at 0 and the first value
 * learned overrides any start (weight {@code 1/n}), so a tail that learned its warm-up without one peak has
 * {@code rho = 0} and calls the next value just over {@code tau} impossible (surprisal 12). With {@code n0 > 0}
 * {@code rho} starts at a normal tail's share beyond {@code k} sds, {@code Q(k)}, and learns with weight
 * {@code max(alpha, 1/(n + 1 + n0))}: the prior counts as {@code n0} values. The detector gives the tails of its
 * window-mean features a prior of 50 (version 9); their values overlap, so a warm-up holds few independent peaks.
 *
 * <p>Until {@code warmUp} values were learned the surprisal is 0. {@code f} must be finite and &gt;= 0 (the
 * detector never passes anything else). State: 6 numbers and 2 counts. Not thread-safe.
 */
final class TailProbability {

    /** Largest surprisal reported: a value beyond the fitted end point of the tail. */
    static final double MAX_SURPRISAL = 12;
    /** Excesses before the fitted shape counts fully (shrinkage N / (N + this)). */
    static final double SHAPE_PRIOR = 30;

    private final double alpha;
    private final double tailSds;
    private final double minSd;
    private final int warmUp;
    private final double minShape;
    private final double peakPrior;
    private double mean;
    private double var;
    private int n;
    private double rate;
    private double excessMean;
    private double excessSquare;
    private int excesses;

    /**
     * @param alpha   weight of the newest value in the mean, variance and peak share (memory about 1/alpha values)
     * @param tailSds the tail threshold in standard deviations above the mean of {@code ln(1 + f)}
     * @param minSd   floor of that standard deviation
     * @param warmUp  values learned before a surprisal is reported
     */
    TailProbability(double alpha, double tailSds, double minSd, int warmUp) {
        this(alpha, tailSds, minSd, warmUp, -0.5);
    }

    /** @param minShape lower bound of the fitted shape (0: no finite end point of the tail) */
    TailProbability(double alpha, double tailSds, double minSd, int warmUp, double minShape) {
        this(alpha, tailSds, minSd, warmUp, minShape, 0);
    }

    /**
     * @param peakPrior 0: off (v8: the peak share starts at 0 and the first value learned overrides it); else the
     *                  peak share starts at a normal tail's share beyond {@code tailSds}, {@code Q(tailSds)}, and
     *                  learns with weight {@code max(alpha, 1 / (n + 1 + peakPrior))}: the prior counts as this many
     *                  values, so a tail that has seen no peak yet has a small share instead of 0 (which called every
     *                  value just over the threshold impossible: surprisal 12). No new state: the prior is in the
     *                  start value and the weight.
     */
    TailProbability(double alpha, double tailSds, double minSd, int warmUp, double minShape, double peakPrior) {
        this.peakPrior = peakPrior;
        this.rate = peakPrior > 0 ? upperNormal(tailSds) : 0;
        this.minShape = minShape;
        this.alpha = alpha;
        this.tailSds = tailSds;
        this.minSd = minSd;
        this.warmUp = warmUp;
    }

    boolean ready() {
        return n >= warmUp;
    }

    /** The surprisal of {@code f} against what was learned so far (0 before warm-up); does not learn it. */
    double surprisal(double f) {
        if (n < warmUp) {
            return 0;
        }
        return Math.min(MAX_SURPRISAL, -Math.log10(Math.max(probability(Math.log1p(bounded(f))), 1e-300)));
    }

    /**
     * A feature of values near the input bound (|x| up to 1e100) can overflow to infinity; it is the largest
     * surprise there is, and must not turn the learned moments into NaN (a state that no longer restores).
     */
    private static double bounded(double f) {
        return Double.isNaN(f) || f < 0 ? 0 : Math.min(f, Double.MAX_VALUE);
    }

    private double probability(double u) {
        double sd = Math.max(Math.sqrt(var), minSd);
        double tau = mean + tailSds * sd;
        if (u <= tau) {
            return Math.max(rate, upperNormal((u - mean) / sd));
        }
        double y = u - tau;
        if (excesses < 3) {
            return rate * Math.exp(-y / sd); // too few peaks for a fit: an exponential tail at the spread's scale
        }
        double variance = Math.max(excessSquare - excessMean * excessMean, 1e-18);
        double r = excessMean * excessMean / variance;
        double shape = Math.max(minShape, 0.5 * (1 - r) * excesses / (excesses + SHAPE_PRIOR));
        double scale = Math.max(0.5 * excessMean * (1 + r), 1e-12);
        if (Math.abs(shape) < 1e-6) {
            return rate * Math.exp(-y / scale);
        }
        double base = 1 + shape * y / scale;
        return base <= 0 ? 0 : rate * Math.pow(base, -1 / shape);
    }

    void learn(double f) {
        double u = Math.log1p(bounded(f));
        double sd = Math.max(Math.sqrt(var), minSd);
        double tau = mean + tailSds * sd;
        double a = Math.max(alpha, 1.0 / (n + 1));
        boolean peak = n > 0 && u > tau;
        rate += Math.max(alpha, 1.0 / (n + 1 + peakPrior)) * ((peak ? 1 : 0) - rate);
        if (peak) {
            excesses = Math.min(excesses + 1, Integer.MAX_VALUE - 1);
            // the excess memory spans about as many values as the mean's (one peak per 1/rate values)
            double b = Math.max(alpha / Math.max(rate, 1e-3), 1.0 / excesses);
            double y = u - tau;
            excessMean += Math.min(1, b) * (y - excessMean);
            excessSquare += Math.min(1, b) * (y * y - excessSquare);
        }
        double d = u - mean;
        mean += a * d;
        var = (1 - a) * (var + a * d * d);
        if (n < Integer.MAX_VALUE) {
            n++;
        }
    }

    /** Normal upper tail Q(z) (Abramowitz and Stegun 7.1.26 for erfc, error below 1.5e-7). */
    static double upperNormal(double z) {
        if (z < 0) {
            return 1 - upperNormal(-z);
        }
        double x = z / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429))));
        return 0.5 * poly * Math.exp(-x * x);
    }

    /** Bytes written by {@link #write}. */
    static final int SIZE = 5 * 8 + 2 * 4;

    void write(ByteBuffer out) {
        out.putDouble(mean);
        out.putDouble(var);
        out.putInt(n);
        out.putDouble(rate);
        out.putDouble(excessMean);
        out.putDouble(excessSquare);
        out.putInt(excesses);
    }

    void read(ByteBuffer in) {
        mean = in.getDouble();
        var = in.getDouble();
        n = in.getInt();
        rate = in.getDouble();
        excessMean = in.getDouble();
        excessSquare = in.getDouble();
        excesses = in.getInt();
        if (n < 0 || excesses < 0 || !(var >= 0) || !(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("corrupt snapshot: tail state");
        }
    }
}

package dev.vigil.detection.streaming;

import java.nio.ByteBuffer;

/**
 * Evidence that a signed standardised series {@code z} (a value's departure from its baseline in units of the
 * baseline's typical error) has moved off its usual mean for a while, judged against a model of its null instead
 * of an empirical tail: a two-sided Page CUSUM whose surprisal grows with the departure's duration.
 *
 * <p><b>Formula.</b> Exponentially weighted mean {@code m}, variance {@code v} and lag-1 autocorrelation {@code r}
 * of {@code z} (weight {@code alpha}; values beyond 3 sd are clipped before they are learned) give the standardised
 * value {@code u = clip((z - m) / sqrt v, -3, 3)}. Under an AR(1) null the mean of {@code n} values has the variance
 * of {@code n (1 - r) / (1 + r)} independent ones, so each value counts as {@code c u} with
 * {@code c = sqrt((1 - r) / (1 + r))} and the sums behave like sums of independent unit values. The CUSUM
 * {@code S+ = max(0, S+ + c u - k)}, {@code S- = max(0, S- - c u - k)} then has, for unit Gaussian increments, the
 * stationary tail {@code P(S >= h) ~ exp(-2 k h)} (the root of {@code E exp(theta (c u - k)) = 1}), and the
 * surprisal is {@code 2 k max(S+, S-) / ln 10 - log10 2}, at most 12. A departure of {@code d} effective sds beyond
 * {@code k} adds {@code 2 k d / ln 10} decades per value, so a long modest departure ends up as surprising as its
 * evidence, while a chance peak of a window mean does not.
 *
 * <p>Other nulls (measured, none kept): {@code BATCH} takes the inflation {@code 1 / c^2} from the variance of a short
 * exponential mean of {@code u} (weight 2 / 25) against its value for independent values, so memory longer than
 * one lag counts; {@code FIT} keeps the exponential form but fits its rate to the CUSUM's own path
 * ({@code P(S >= h) = p0 exp(-h / E[S | S > 0])}); {@code TAIL} judges the CUSUM against its own
 * {@link TailProbability}.
 *
 * <p>State: 8 numbers (and a tail for {@code TAIL}; the snapshot leaves out the extra fields of the other nulls:
 * this is an evaluation variant). Not thread-safe.
 */
final class SustainedDeparture {

    /** Standardised values are clipped to this many sds: one spike is the residual feature's news, not this one's. */
    static final double CLIP = 3;
    /** Values learned before a surprisal is reported. */
    static final int WARM_UP = 200;
    /** Largest autocorrelation used (a smoother series would count its values as nearly nothing). */
    static final double MAX_R = 0.98;
    /** Bytes written by {@link #write}. */
    static final int SIZE = 8 * 8;

    private final double ref;
    private final double alpha;
    private double mean;
    private double var;
    private double lag;
    private double prev;
    private double up;
    private double down;
    private double count;
    private double batch;
    private double smooth;
    private double positive;
    private double height;
    /** Null models: {@link #AR1}, {@link #BATCH}, {@link #FIT}, {@link #TAIL}. */
    static final int AR1 = 0, BATCH = 1, FIT = 2, TAIL = 3;
    private final int model;
    static final double SMOOTH = 2.0 / 25;

    /**
     * @param ref   the CUSUM's reference {@code k}, in effective sds: departures smaller than this do not accumulate
     * @param alpha weight of the newest value in the null's mean, variance and autocorrelation
     */
    private final TailProbability tail;

    SustainedDeparture(double ref, double alpha, int model) {
        this.model = model;
        this.ref = ref;
        this.alpha = alpha;
        this.tail = new TailProbability(alpha, 2.0, 0.05, 200);
    }

    /** Surprisal of the CUSUM after {@code z}, which is learned. */
    double observe(double z) {
        double sd = Math.sqrt(var);
        double s = 0;
        if (count >= WARM_UP && sd > 0) {
            double u = Math.max(-CLIP, Math.min(CLIP, (z - mean) / sd));
            double r = Math.max(0, Math.min(MAX_R, lag));
            double c = Math.sqrt((1 - r) / (1 + r));
            if (model == BATCH) {
                c = 1 / Math.sqrt(Math.max(1, batch / (SMOOTH / (2 - SMOOTH))));
            }
            up = Math.max(0, up + c * u - ref);
            down = Math.max(0, down - c * u - ref);
            double h = Math.max(up, down);
            if (model == TAIL) {
                s = tail.surprisal(h);
                tail.learn(h);
            } else if (model == FIT) {
                s = height > 0 && positive > 0 ? Math.max(0, Math.min(TailProbability.MAX_SURPRISAL,
                        (h > 0 ? h / height / Math.log(10) - Math.log10(positive) : 0))) : 0;
            } else {
                s = Math.max(0, Math.min(TailProbability.MAX_SURPRISAL,
                        2 * ref * h / Math.log(10) - Math.log10(2)));
            }
            double b = alpha / 10;
            positive += b * ((h > 0 ? 1 : 0) - positive);
            if (h > 0) {
                height += Math.max(b / Math.max(positive, 1e-3), 0) * (h - height);
            }
        }
        learn(z, sd);
        return s;
    }

    private void learn(double z, double sd) {
        double a = Math.max(alpha, 1.0 / (count + 1));
        double clipped = count < 10 || !(sd > 0) ? z : Math.max(mean - CLIP * sd, Math.min(mean + CLIP * sd, z));
        double d = clipped - mean;
        mean += a * d;
        var = (1 - a) * (var + a * d * d);
        double u = var > 0 ? (clipped - mean) / Math.sqrt(var) : 0;
        lag += a * (u * prev - lag);
        smooth += SMOOTH * (u - smooth);
        batch += a * (smooth * smooth - batch);
        prev = u;
        count++;
    }

    /**
     * Surprisal of a mean of {@code n} consecutive values of {@code z} (the current one included) under the null
     * model: Gaussian, with the variance of the mean inflated by the autocorrelation (AR(1): (1 + r) / (1 - r); with
     * the batch null the variance of the values' short exponential mean against its iid value); 0 before
     * warm-up. Learns nothing.
     */
    double meanSurprisal(double windowMean, int n) {
        double sd = Math.sqrt(var);
        if (count < WARM_UP || !(sd > 0)) {
            return 0;
        }
        double r = Math.max(0, Math.min(MAX_R, lag));
        double inflation = model == BATCH ? Math.max(1, batch / (SMOOTH / (2 - SMOOTH))) : (1 + r) / (1 - r);
        // a mean of n values varies like n / inflation independent ones, and never more than one value does
        double zm = Math.abs(windowMean - mean) / (sd * Math.sqrt(Math.min(1, inflation / n)));
        return Math.min(TailProbability.MAX_SURPRISAL, -Math.log10(Math.max(2 * TailProbability.upperNormal(zm), 1e-300)));
    }

    /** Forgets the accumulated evidence (the baseline moved: a confirmed change). */
    void reset() {
        up = 0;
        down = 0;
    }

    void write(ByteBuffer out) {
        out.putDouble(mean);
        out.putDouble(var);
        out.putDouble(lag);
        out.putDouble(prev);
        out.putDouble(up);
        out.putDouble(down);
        out.putDouble(count);
        out.putDouble(batch);
    }

    void read(ByteBuffer in) {
        mean = in.getDouble();
        var = in.getDouble();
        lag = in.getDouble();
        prev = in.getDouble();
        up = in.getDouble();
        down = in.getDouble();
        count = in.getDouble();
        batch = in.getDouble();
        if (!(var >= 0) || !(up >= 0) || !(down >= 0) || !(count >= 0)) {
            throw new IllegalArgumentException("corrupt snapshot: departure state");
        }
    }
}

package dev.vigil.detection.streaming;

import java.nio.ByteBuffer;

/**
 * Turns a non-negative raw feature {@code f} (a normalised prediction error, a sustained deviation, a level shift)
 * into a surprise that is comparable across series: how far {@code f} beats the feature's own recent records.
 *
 * <p>Formula. The feature is compressed as {@code u = log(1 + f)}; an exponentially weighted mean {@code m} and
 * variance {@code v} of {@code u} are kept (weight {@code max(alpha, 1/n)}). Two decaying records {@code r1 >= r2}
 * of {@code f} are kept; each step they decay towards the level {@code q = exp(m + 3 sd) - 1} that ordinary values
 * reach anyway ({@code r <- q + (r - q) decay} while {@code r > q}), so one huge outlier fades away but the records
 * never fall below the feature's usual extremes. The surprise is
 * <pre>  s = 10 ln(f / r2) * min(1, z / 3),  z = (u - m) / max(sd, minSd)</pre>
 * when {@code f > r2} and {@code z > 0}, else 0. Beating the second record (not the first) keeps one giant outlier
 * from masking everything after it; the Gaussian factor discounts new records of features that are merely noisy.
 * The idea of judging a raw score against its own running distribution follows Numenta's anomaly likelihood
 * (Ahmad et al., Neurocomputing 2017); the record/novelty formulation is ours.
 *
 * <p>Units: {@code s} is dimensionless, 0 when nothing is new; {@code s = 1} is a new record 10 % above the second
 * record. Until {@code warmUp} values were learned the surprise is 0. NaN features must not be passed (the detector
 * never produces them). State: 5 numbers. Not thread-safe.
 */
final class NoveltyScore {

    /** Records decay by this factor per step towards the usual extremes (half-life about 2,300 steps). */
    static final double DECAY = 0.9997;
    /** The usual extremes: mean + this many standard deviations of log(1 + f). */
    static final double FLOOR_SDS = 3;
    /** z at which the Gaussian factor reaches 1. */
    static final double FULL_Z = 3;

    private final double alpha;
    private final double minSd;
    private final int warmUp;
    private final double decay;
    private double mean;
    private double var;
    private int n;
    private double first;
    private double second;

    NoveltyScore(double alpha, double minSd, int warmUp, double decay) {
        this.alpha = alpha;
        this.minSd = minSd;
        this.warmUp = warmUp;
        this.decay = decay;
    }

    /** The surprise of {@code f} against what was learned so far; does not learn {@code f}. */
    double surprise(double f) {
        if (n < warmUp || f <= second) {
            return 0;
        }
        double z = (Math.log1p(f) - mean) / Math.max(Math.sqrt(var), minSd);
        if (z <= 0) {
            return 0;
        }
        return 10 * Math.log(f / Math.max(second, 1e-12)) * Math.min(1, z / FULL_Z);
    }

    void learn(double f) {
        double usual = n >= warmUp ? Math.expm1(mean + FLOOR_SDS * Math.max(Math.sqrt(var), minSd)) : 0;
        first = first > usual ? usual + (first - usual) * decay : first;
        second = second > usual ? usual + (second - usual) * decay : second;
        if (f > first) {
            second = first;
            first = f;
        } else if (f > second) {
            second = f;
        }
        double u = Math.log1p(f);
        double a = Math.max(alpha, 1.0 / (n + 1));
        double d = u - mean;
        mean += a * d;
        var = (1 - a) * (var + a * d * d);
        if (n < Integer.MAX_VALUE) {
            n++;
        }
    }

    /** Bytes written by {@link #write}. */
    static final int SIZE = 4 * 8 + 4;

    boolean ready() {
        return n >= warmUp;
    }

    void write(ByteBuffer out) {
        out.putDouble(mean);
        out.putDouble(var);
        out.putInt(n);
        out.putDouble(first);
        out.putDouble(second);
    }

    void read(ByteBuffer in) {
        mean = in.getDouble();
        var = in.getDouble();
        n = in.getInt();
        first = in.getDouble();
        second = in.getDouble();
    }
}

package dev.vigil.detection.streaming;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.apache.commons.math3.special.Erf;

/**
 * Turns a non-negative raw feature into a "surprise": how unlikely the current value is under the feature's own
 * recent distribution, in decades ({@code -log10} of a Gaussian upper tail probability).
 *
 * <p>This is the idea of Numenta's anomaly likelihood (Ahmad et al., "Unsupervised real-time anomaly detection for
 * streaming data", Neurocomputing 2017): judge a raw score against its own running distribution, so that a series
 * whose raw scores are always high does not alarm all the time. Here the feature is compressed with
 * {@code u = log(1 + f)}, its mean and variance are tracked with exponential weights {@code alpha}, and the surprise
 * of {@code u} is {@code -log10(Q((u - mean) / sd))} with {@code Q} the standard normal upper tail. The standard
 * deviation has a floor ({@code minSd}) so that a feature that was constant does not make every later change
 * infinitely surprising. Until {@code warmUp} values were learned the surprise is 0.
 *
 * <p>Not thread-safe.
 */
final class AdaptiveTail {

    private final double alpha;
    private final double minSd;
    private final int warmUp;
    private double mean;
    private double var;
    private int n;
    private double record;
    static final double G0 = Tuning.d("g0", 5);
    static final double FLOOR_K = Tuning.d("floorK", 0);
    static final int TOPK = (int) Tuning.d("topk", 2);
    private final double[] top = new double[TOPK];
    static final int MODE = (int) Tuning.d("mode", 2);
    static final double DECAY = Tuning.d("decay", 0.9997);

    private double decay = DECAY;

    AdaptiveTail withDecay(double d) {
        decay = d;
        return this;
    }

    AdaptiveTail(double alpha, double minSd, int warmUp) {
        this.alpha = alpha;
        this.minSd = minSd;
        this.warmUp = warmUp;
    }

    /** Surprise of {@code f} in decades, 0 when not yet warmed up or when {@code f} is below the mean. */
    double surprise(double f) {
        if (n < warmUp) {
            return 0;
        }
        if (MODE >= 1) {
            double ref = TOPK > 1 ? top[TOPK - 1] : record;
            double r = f <= ref ? 0 : Math.log(f / Math.max(ref, 1e-12)) * 10;
            if (MODE == 2 && r > 0) {
                double u = Math.log1p(f);
                double z = (u - mean) / Math.max(Math.sqrt(var), minSd);
                r *= Math.min(1, Math.max(0, z) / G0);
            }
            return r;
        }
        double u = Math.log1p(f);
        double sd = Math.max(Math.sqrt(var), minSd);
        double z = (u - mean) / sd;
        if (z <= 0) {
            return 0;
        }
        return upperTailDecades(z);
    }

    void learn(double f) {
        for (int i = 0; i < TOPK; i++) {
            top[i] *= decay;
        }
        if (f > top[TOPK - 1]) {
            int i = TOPK - 1;
            while (i > 0 && top[i - 1] < f) {
                top[i] = top[i - 1];
                i--;
            }
            top[i] = f;
        }
        if (FLOOR_K > 0 && n >= warmUp) {
            double q = Math.expm1(mean + FLOOR_K * Math.max(Math.sqrt(var), minSd));
            record = record > q ? q + (record - q) * decay : record;
            record = Math.max(record, f);
        } else {
            record = Math.max(record * decay, f);
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

    boolean ready() {
        return n >= warmUp;
    }

    /** {@code -log10 Q(z)}, with an asymptotic expansion beyond z = 8 where erfc underflows in precision. */
    static double upperTailDecades(double z) {
        if (z < 8) {
            double q = 0.5 * Erf.erfc(z / Math.sqrt(2));
            return -Math.log10(Math.max(q, Double.MIN_NORMAL));
        }
        // log Q(z) ~ -z^2/2 - log(z sqrt(2 pi))
        return (z * z / 2 + Math.log(z * Math.sqrt(2 * Math.PI))) / Math.log(10);
    }

    void write(DataOutput out) throws IOException {
        out.writeDouble(mean);
        out.writeDouble(var);
        out.writeInt(n);
        out.writeDouble(record);
        for (double v : top) {
            out.writeDouble(v);
        }
    }

    void read(DataInput in) throws IOException {
        mean = in.readDouble();
        var = in.readDouble();
        n = in.readInt();
        record = in.readDouble();
        for (int i = 0; i < TOPK; i++) {
            top[i] = in.readDouble();
        }
    }
}

package dev.vigil.detection.streaming;

import java.nio.ByteBuffer;

/**
 * Novelty of the recent stretch of a series against the stretches seen before, in the spirit of ARTime (adaptive
 * resonance over windowed features, NAB's best published detector): the last {@link #DIM} x {@link #AGG} values,
 * averaged in {@link #DIM} groups and standardised by the series' long-run mean and spread (clipped to
 * +-{@value #CLIP}), form a vector; it is matched against up to {@link #CAPACITY} learned prototypes.
 *
 * <p>The feature is the root-mean-square distance to the nearest prototype (in long-run standard deviations).
 * Learning: when the nearest prototype lies within the vigilance {@link #VIGILANCE} the input resonates and the
 * prototype moves towards it (weight {@code max(1 / uses, 1 / 64)}); otherwise the input becomes a new prototype,
 * replacing the least used one when all slots are taken. Uses decay by {@code 1 - 1/4096} per learned vector, so a
 * pattern not seen for weeks can make room. A pattern is novel once: after it was learned it matches.
 *
 * <p>State: {@code CAPACITY x (DIM + 1)} floats and a count, about 1.2 KB. Not thread-safe.
 */
final class ShapeNovelty {

    /** Dimensions of a window vector. */
    static final int DIM = 8;
    /** Values averaged into one dimension: the window spans {@code DIM * AGG} values. */
    static final int AGG = 3;
    /** Largest number of prototypes. */
    static final int CAPACITY = 32;
    /** Distance (long-run standard deviations, rms over the dimensions) within which an input resonates. */
    static final double VIGILANCE = 0.5;
    /** Bound of each standardised dimension. */
    static final double CLIP = 6;
    private static final double USE_DECAY = 1 - 1.0 / 4096;

    private final float[] prototypes = new float[CAPACITY * DIM];
    private final float[] uses = new float[CAPACITY];
    private int size;

    /** Values the window needs. */
    static int span() {
        return DIM * AGG;
    }

    /**
     * The standardised window of the newest {@code span()} values: {@code newest(j)} is the value {@code j} steps
     * back (0 = newest).
     */
    static double[] vector(java.util.function.IntToDoubleFunction newest, double mean, double sd) {
        double[] v = new double[DIM];
        for (int d = 0; d < DIM; d++) {
            double sum = 0;
            for (int k = 0; k < AGG; k++) {
                sum += newest.applyAsDouble(d * AGG + k);
            }
            double z = (sum / AGG - mean) / sd;
            v[d] = Math.max(-CLIP, Math.min(CLIP, z));
        }
        return v;
    }

    /** Distance to the nearest prototype; {@code Double.NaN} before any was learned. */
    double distance(double[] v) {
        return size == 0 ? Double.NaN : Math.sqrt(squared(v, nearest(v)) / DIM);
    }

    void learn(double[] v) {
        for (int i = 0; i < size; i++) {
            uses[i] *= (float) USE_DECAY;
        }
        int j = size == 0 ? -1 : nearest(v);
        if (j >= 0 && Math.sqrt(squared(v, j) / DIM) <= VIGILANCE) {
            uses[j] += 1;
            double w = Math.max(1.0 / uses[j], 1.0 / 64);
            for (int d = 0; d < DIM; d++) {
                prototypes[j * DIM + d] += (float) (w * (v[d] - prototypes[j * DIM + d]));
            }
            return;
        }
        int slot = size < CAPACITY ? size++ : leastUsed();
        for (int d = 0; d < DIM; d++) {
            prototypes[slot * DIM + d] = (float) v[d];
        }
        uses[slot] = 1;
    }

    private int leastUsed() {
        int j = 0;
        for (int i = 1; i < size; i++) {
            if (uses[i] < uses[j]) {
                j = i;
            }
        }
        return j;
    }

    private int nearest(double[] v) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            double d = squared(v, i);
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    private double squared(double[] v, int i) {
        double s = 0;
        for (int d = 0; d < DIM; d++) {
            double e = v[d] - prototypes[i * DIM + d];
            s += e * e;
        }
        return s;
    }

    /** Bytes written by {@link #write}. */
    static final int SIZE = 1 + CAPACITY * (DIM + 1) * 4;

    void write(ByteBuffer out) {
        out.put((byte) size);
        for (float p : prototypes) {
            out.putFloat(p);
        }
        for (float u : uses) {
            out.putFloat(u);
        }
    }

    void read(ByteBuffer in) {
        size = in.get();
        if (size < 0 || size > CAPACITY) {
            throw new IllegalArgumentException("corrupt snapshot: prototype count " + size);
        }
        for (int i = 0; i < prototypes.length; i++) {
            prototypes[i] = in.getFloat();
        }
        for (int i = 0; i < uses.length; i++) {
            uses[i] = in.getFloat();
            if (!(uses[i] >= 0)) {
                throw new IllegalArgumentException("corrupt snapshot: prototype use");
            }
        }
    }
}

package dev.vigil.detection.streaming;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * A member of another family beside the predictors of {@link LikelihoodDetector}: adaptive resonance (Fuzzy ART,
 * Carpenter, Grossberg and Rosen, Neural Networks 4, 1991) over windows of the recent values, the idea behind
 * ARTime (NAB's best detector). It answers "has this series looked like this before?", where the predictors ask
 * "is this value explained?".
 *
 * <p><b>Input.</b> Values are averaged into clock-aligned blocks of {@code blockSeconds} (downsampling: 30 minutes
 * or the step, if longer; irregular and gappy series need nothing special). The last {@value #WIDTH} block means,
 * scaled to [0, 1] by the smallest and largest block mean seen so far, form the window {@code x}; complement coding
 * gives the input {@code I = (x, 1 - x)}, {@code |I| = WIDTH}.
 *
 * <p><b>Categories.</b> Up to {@value #CAPACITY} weight vectors {@code w_j = (a_j, 1 - b_j)}, each the box
 * {@code [a_j, b_j]} of windows it has learned. Choice {@code T_j = |I ^ w_j| / (CHOICE + |w_j|)} (fuzzy AND: the
 * component-wise minimum, {@code |.|} the L1 norm) orders the categories; the first whose match
 * {@code |I ^ w_j| / |I|} reaches the vigilance {@code rho} resonates and learns by fast learning,
 * {@code w_j <- I ^ w_j} (its box grows to hold x); if none does, x commits a new category {@code w = I}, in the
 * place of the least recently used one when all are in use (growing the best one instead made the boxes of noisy
 * series cover everything). When the range of block means widens, every box is mapped to the new scale, so learned
 * boxes keep meaning the same values.
 *
 * <p><b>Feature.</b> The mismatch of a window, judged before it is learned: the least growth of any box that would
 * hold it, {@code min_j (|w_j| - |I ^ w_j|)}, in units of the vigilance's budget {@code WIDTH (1 - rho)} (a box of
 * that size is as large as a category may grow). 0 inside a learned box; about 1 and more where ART commits a new
 * category. Like the other features it becomes a surprisal against its own past ({@link TailProbability}, learned
 * once per block). Probation: the tail learns only after {@value #PROBATION} windows (while the categories form,
 * every window is new) and judges after {@value #TAIL_WARM_UP} more: day 3 for data at 30 minutes or faster.
 *
 * <p>Off by default (tuning key {@code resonance}): in the cross-validation of BENCHMARKS.md ("An adaptive-resonance
 * member") it gained no held-out group and added false alarms on the real files.
 *
 * <p>State: {@value #CAPACITY} x ({@value #WIDTH} x 2 floats + a use stamp) and a few numbers, about 8.9 KB. Cost:
 * one pass over the categories per block. Not thread-safe.
 */
final class ResonanceNovelty {

    /** Block means in a window (4 hours of 30-minute blocks). */
    static final int WIDTH = 8;
    /** Most categories kept. */
    static final int CAPACITY = 128;
    /** Shortest block: 30 minutes (longer steps make each value a block). */
    static final long MIN_BLOCK_SECONDS = 1800;
    /** Windows learned before the mismatch's tail starts to learn (a day of 30-minute blocks). */
    static final int PROBATION = 48;
    /** Mismatches the tail learns before it judges (two days of 30-minute blocks). */
    static final int TAIL_WARM_UP = 96;
    /** The choice function's small constant (alpha of Fuzzy ART): among equal matches, smaller boxes first. */
    static final double CHOICE = 1e-3;

    private final double vigilance;
    private final long blockSeconds;
    private final TailProbability tail;
    /** Categories, row j = (a_j, 1 - b_j) in the scale of {@link #lo} and {@link #span}. */
    private final float[][] weights = new float[CAPACITY][2 * WIDTH];
    private int categories;
    /** Block count when each category last resonated (or was committed): the oldest is replaced when all are used. */
    private final int[] used = new int[CAPACITY];
    private int blocks;
    private final double[] window = new double[WIDTH];
    private int windowCount;
    private int windowHead;
    private long block = Long.MIN_VALUE;
    private double blockSum;
    private int blockValues;
    private double lo = Double.NaN;
    private double hi = Double.NaN;

    ResonanceNovelty(double vigilance, long stepSeconds, TailProbability tail) {
        if (!(vigilance > 0 && vigilance < 1)) {
            throw new IllegalArgumentException("vigilance must be in (0, 1), was " + vigilance);
        }
        this.vigilance = vigilance;
        this.blockSeconds = Math.max(stepSeconds, MIN_BLOCK_SECONDS);
        this.tail = tail;
    }

    /**
     * Adds a value; when it opens a new block, the window ending with the block just closed is judged (its surprisal
     * returned) and then learned. Returns 0 otherwise and before the tail's warm-up.
     */
    double observe(long epochSecond, double x) {
        long b = Math.floorDiv(epochSecond, blockSeconds);
        double surprisal = 0;
        if (blockValues > 0 && b != block) {
            surprisal = close();
            if (b - block > WIDTH) {
                windowCount = 0; // a long gap: the window no longer describes the recent past
            }
        }
        if (b != block) {
            block = b;
            blockSum = 0;
            blockValues = 0;
        }
        blockSum += x;
        blockValues++;
        return surprisal;
    }

    private double close() {
        double mean = blockSum / blockValues;
        widen(mean);
        window[windowHead] = mean;
        windowHead = (windowHead + 1) % WIDTH;
        windowCount = Math.min(windowCount + 1, WIDTH);
        if (windowCount < WIDTH) {
            return 0;
        }
        float[] input = new float[2 * WIDTH];
        double scale = span();
        for (int i = 0; i < WIDTH; i++) {
            double v = (window[(windowHead + i) % WIDTH] - lo) / scale;
            input[i] = (float) v;
            input[WIDTH + i] = (float) (1 - v);
        }
        double f = mismatch(input);
        double surprisal = 0;
        // while the categories form, every window is new: those mismatches describe learning, not the series
        if (blocks >= PROBATION) {
            surprisal = tail.surprisal(f);
            tail.learn(f);
        }
        learn(input);
        return surprisal;
    }

    /** The least growth of any box that would hold the input, in units of the vigilance budget (0 with none yet). */
    private double mismatch(float[] input) {
        if (categories == 0) {
            return 0;
        }
        double least = Double.POSITIVE_INFINITY;
        for (int j = 0; j < categories; j++) {
            least = Math.min(least, norm(weights[j]) - overlap(input, weights[j]));
        }
        return Math.max(0, least) / (WIDTH * (1 - vigilance));
    }

    private void learn(float[] input) {
        int resonant = -1;
        double resonantChoice = -1;
        for (int j = 0; j < categories; j++) {
            double o = overlap(input, weights[j]);
            double choice = o / (CHOICE + norm(weights[j]));
            // the first category in choice order that passes the vigilance test is the best-chosen passing one
            if (o / WIDTH >= vigilance && choice > resonantChoice) {
                resonantChoice = choice;
                resonant = j;
            }
        }
        blocks++;
        if (resonant < 0) {
            int j = categories < CAPACITY ? categories++ : leastRecent();
            System.arraycopy(input, 0, weights[j], 0, 2 * WIDTH);
            used[j] = blocks;
            return;
        }
        float[] w = weights[resonant];
        for (int i = 0; i < 2 * WIDTH; i++) {
            w[i] = Math.min(w[i], input[i]);
        }
        used[resonant] = blocks;
    }

    private int leastRecent() {
        int oldest = 0;
        for (int j = 1; j < categories; j++) {
            oldest = used[j] < used[oldest] ? j : oldest;
        }
        return oldest;
    }

    private static double overlap(float[] input, float[] w) {
        double sum = 0;
        for (int i = 0; i < input.length; i++) {
            sum += Math.min(input[i], w[i]);
        }
        return sum;
    }

    private static double norm(float[] w) {
        double sum = 0;
        for (float v : w) {
            sum += v;
        }
        return sum;
    }

    /** The scale of block means; never 0, so a flat series has a defined window. */
    private double span() {
        return Math.max(hi - lo, 1e-9 * (1 + Math.abs(lo)));
    }

    /** Widens the range to hold {@code mean} and maps every box to the new scale. */
    private void widen(double mean) {
        if (Double.isNaN(lo)) {
            lo = mean;
            hi = mean;
            return;
        }
        if (mean >= lo && mean <= hi) {
            return;
        }
        double oldLo = lo;
        double oldSpan = span();
        lo = Math.min(lo, mean);
        hi = Math.max(hi, mean);
        double newSpan = span();
        for (int j = 0; j < categories; j++) {
            float[] w = weights[j];
            for (int i = 0; i < WIDTH; i++) {
                double a = (w[i] * oldSpan + oldLo - lo) / newSpan;
                double b = ((1 - w[WIDTH + i]) * oldSpan + oldLo - lo) / newSpan;
                w[i] = (float) a;
                w[WIDTH + i] = (float) (1 - b);
            }
        }
    }

    /** Bytes written by {@link #write}. */
    static final int SIZE = 2 + CAPACITY * (2 * WIDTH * 4 + 4) + 4 + WIDTH * 8 + 2 + 8 + 8 + 4 + 8 + 8 + TailProbability.SIZE;

    void write(ByteBuffer out) {
        out.putShort((short) categories);
        for (int j = 0; j < CAPACITY; j++) {
            for (float v : weights[j]) {
                out.putFloat(v);
            }
            out.putInt(used[j]);
        }
        out.putInt(blocks);
        for (double v : window) {
            out.putDouble(v);
        }
        out.put((byte) windowCount);
        out.put((byte) windowHead);
        out.putLong(block);
        out.putDouble(blockSum);
        out.putInt(blockValues);
        out.putDouble(lo);
        out.putDouble(hi);
        tail.write(out);
    }

    void read(ByteBuffer in) {
        try {
            categories = in.getShort();
            for (int j = 0; j < CAPACITY; j++) {
                for (int i = 0; i < 2 * WIDTH; i++) {
                    weights[j][i] = in.getFloat();
                }
                used[j] = in.getInt();
            }
            blocks = in.getInt();
            for (int i = 0; i < WIDTH; i++) {
                window[i] = in.getDouble();
            }
            windowCount = in.get();
            windowHead = in.get();
            block = in.getLong();
            blockSum = in.getDouble();
            blockValues = in.getInt();
            lo = in.getDouble();
            hi = in.getDouble();
            tail.read(in);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated snapshot", e);
        }
        if (categories < 0 || categories > CAPACITY || windowCount < 0 || windowCount > WIDTH || windowHead < 0
                || windowHead >= WIDTH || blockValues < 0 || lo > hi) {
            throw new IllegalArgumentException("corrupt snapshot: resonance state");
        }
    }
}

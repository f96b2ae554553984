package dev.vigil.detection.streaming;

import static dev.vigil.detection.streaming.LikelihoodDetector.LEVEL_WINDOW;
import static dev.vigil.detection.streaming.LikelihoodDetector.SEASONAL_WINDOW;
import static dev.vigil.detection.streaming.LikelihoodDetector.WINDOW;

/**
 * The recent past of {@link LikelihoodDetector}: the last {@value LikelihoodDetector#WINDOW} learned values in a
 * ring, each with its time, its seasonal z-scores and its offset from its baseline, and the window means the
 * sustained features and the change-point fits are made of. The value being judged is not stored yet: the means
 * take it as an argument ("x included").
 *
 * <p><b>Gaps</b> (version 8): a gap of more than {@value LikelihoodDetector#WINDOW} steps empties the window
 * ({@link #clear}). With {@code fullWindows} the seasonal and level features are then neither judged nor learned until
 * the window again holds their {@value LikelihoodDetector#SEASONAL_WINDOW} and
 * {@value LikelihoodDetector#LEVEL_WINDOW} values: the mean of the first one or two values after the gap is far
 * noisier than the means their tails learned, and on white noise with 6-hour gaps v7 raised a false flag (surprisal
 * up to 12) after a third to a half of the gaps. The residual feature still judges every value.
 *
 * <p><b>Gaps of a few hours in hourly data</b> (version 8, {@code gapSpan} 2): where the level window
 * spans a quarter of the daily cycle or more (hourly steps: the whole day), its mean is free of the cycle only while
 * its values are spread evenly over the day. A gap shorter than the window (a meter offline for a night) leaves some
 * hours in the window twice and others out, the mean moves by up to two thirds of the daily swing, and the level
 * feature flagged it. Now the level feature is neither judged nor learned while the window, x included, spans more
 * than {@code gapSpan} steps beyond its own length (two missing hours are tolerated); 5-minute data is untouched
 * ({@link #unevenOverCycle}).
 *
 * <p>The arrays and positions are read and written directly by {@link LikelihoodSnapshot}. Not thread-safe.
 */
final class RecentWindow {

    final double[] values = new double[WINDOW];
    /** Times of the recent values (the trend and change-point fits need them at any sampling interval). */
    final long[] epochs = new long[WINDOW];
    /** Recent values minus their baseline at the time (seasonal prediction, else long-run mean), in series units. */
    final float[] offset = new float[WINDOW];
    /** Recent values' z-scores against the daily and the weekly profile (0 where the slot was empty or no profile). */
    final float[] dailyZ = new float[WINDOW];
    final float[] weeklyZ = new float[WINDOW];
    /** Values stored, at most {@value LikelihoodDetector#WINDOW}. */
    int count;
    /** Ring index the next value goes to. */
    int head;

    /** Age-ordered view: the j-th most recent stored value's ring index (j = 0 the newest). */
    int back(int j) {
        return (head - 1 - j + 2 * WINDOW) % WINDOW;
    }

    /** Forgets the stored values: after a long gap they no longer describe the recent past. */
    void clear() {
        count = 0;
    }

    /** Stores a learned value over the oldest one. */
    void add(long t, double x, float dailyZ, float weeklyZ, double offset) {
        this.dailyZ[head] = dailyZ;
        this.weeklyZ[head] = weeklyZ;
        values[head] = x;
        epochs[head] = t;
        // a float holds offsets up to 3e38; values at the input bound (1e100) only need the sign and a finite size
        this.offset[head] = (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, offset));
        head = (head + 1) % WINDOW;
        count = Math.min(count + 1, WINDOW);
    }

    /** Mean of the level window (x included), each value detrended by {@code slope} to time {@code origin}. */
    double level(long t, double x, double slope, long origin) {
        int n = Math.min(count, LEVEL_WINDOW - 1);
        double sum = x - slope * (t - origin);
        for (int j = 0; j < n; j++) {
            int at = back(j);
            sum += values[at] - slope * (epochs[at] - origin);
        }
        return sum / (n + 1);
    }

    /**
     * |Mean| of a profile's z-scores over the seasonal window, {@code z} (x's own) included: the sustained
     * departure from the usual shape of the day ({@code daily}) or of the week.
     */
    double meanAbsZ(boolean daily, double z) {
        int n = Math.min(count, SEASONAL_WINDOW - 1);
        float[] buf = daily ? dailyZ : weeklyZ;
        double sum = z;
        for (int j = 0; j < n; j++) {
            sum += buf[back(j)];
        }
        return Math.abs(sum) / (n + 1);
    }

    /** Mean |step| over the level window, x included; needs at least one stored value. */
    double meanStep(double x) {
        int n = Math.min(count, LEVEL_WINDOW - 1);
        double prev = x;
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double v = values[back(j)];
            sum += Math.abs(prev - v);
            prev = v;
        }
        return sum / n;
    }

    /** Mean offset of the window from its baselines, x's offset {@code pending} included. */
    double meanOffset(double pending) {
        double sum = pending;
        for (int j = 0; j < WINDOW - 1; j++) {
            sum += offset[back(j)];
        }
        return sum / WINDOW;
    }

    /**
     * Whether the level window holds a gap that makes its mean a mean over part of the daily cycle ({@code gapSpan}):
     * where the window spans at least a quarter of the cycle (hourly data: the whole day) its mean is free of the
     * cycle only while the values are evenly spread over it; after a gap of a few hours (fewer than the 24 steps
     * that empty the window) some hours are in it twice and others not at all, and the mean moves by up to two
     * thirds of the daily swing. True while the window, x at {@code t} included, spans more than {@code gapSpan}
     * steps beyond its own length.
     */
    boolean unevenOverCycle(long t, int gapSpan, long step, long cycleSeconds) {
        if (gapSpan == 0 || (long) LEVEL_WINDOW * step * 4 < cycleSeconds) {
            return false;
        }
        int n = Math.min(count, LEVEL_WINDOW - 1);
        if (n == 0) {
            return false;
        }
        return t - epochs[back(n - 1)] > (long) (LEVEL_WINDOW - 1 + gapSpan) * step;
    }

    /** The stored values' times, oldest first, then {@code t}. */
    long[] epochsThen(long t) {
        int n = Math.min(count, WINDOW - 1);
        long[] at = new long[n + 1];
        for (int j = 0; j < n; j++) {
            at[j] = epochs[back(n - 1 - j)];
        }
        at[n] = t;
        return at;
    }

    /** The stored values, oldest first, then {@code x}. */
    double[] valuesThen(double x) {
        int n = Math.min(count, WINDOW - 1);
        double[] v = new double[n + 1];
        for (int j = 0; j < n; j++) {
            v[j] = values[back(n - 1 - j)];
        }
        v[n] = x;
        return v;
    }

    /**
     * Moves the stored values from before {@code change} by {@code delta}. By their own times, not by how many values
     * were given since the change: a window that arrived after newer ones is given but was never stored.
     */
    void shiftBefore(long change, double delta) {
        for (int j = 0; j < count; j++) {
            if (epochs[back(j)] < change) {
                values[back(j)] += delta;
            }
        }
    }

    /** Forgets the offsets from the baselines (the baselines moved). */
    void clearOffsets() {
        java.util.Arrays.fill(offset, 0f);
    }

    /** Forgets the seasonal z-scores (the profiles moved). */
    void clearZ() {
        java.util.Arrays.fill(dailyZ, 0f);
        java.util.Arrays.fill(weeklyZ, 0f);
    }
}

package dev.vigil.detection.streaming;

import java.nio.ByteBuffer;

/**
 * A seasonal profile: for each slot of a repeating period (e.g. the 288 five-minute slots of a day, or the 168 hours
 * of a week) an exponentially weighted mean of the values seen in that slot and an exponentially weighted mean
 * absolute deviation around it.
 *
 * <p>Formula, per update of slot {@code s} with value {@code x}: {@code d = |x - mean[s]|},
 * {@code mean[s] += a (x - mean[s])}, {@code dev[s] += a (d - dev[s])}, where {@code a = max(alpha, 1/count)} so
 * the first visits average plainly. Means and deviations are stored as {@code float} to keep the state small
 * (8 bytes per slot plus one count byte). Time is mapped to a slot by {@code floorMod(epochSecond, period) / slotSeconds},
 * so gaps in the data need no special handling: the next value lands in its own slot.
 *
 * <p>Not thread-safe.
 */
final class SeasonalProfile {

    private final long slotSeconds;
    private final float[] mean;
    private final float[] dev;
    private final byte[] count;
    private final double alpha;

    /**
     * A profile of at most {@code maxSlots} slots over {@code period}, each slot at least {@code minSlotSeconds} long
     * and dividing the period; null when fewer than 4 slots fit. With {@code perVisit} the weight is per visit of a
     * slot (divided among the steps of {@code step} seconds a slot spans), otherwise per update.
     */
    static SeasonalProfile sized(long period, long minSlotSeconds, long step, int maxSlots, double alpha,
                                 boolean perVisit) {
        long slot = Math.max(minSlotSeconds, (period + maxSlots - 1) / maxSlots);
        while (slot <= period / 4 && period % slot != 0) {
            slot++;
        }
        if (period / slot < 4) {
            return null;
        }
        return new SeasonalProfile(slot, (int) (period / slot), perVisit ? alpha / Math.max(1, slot / step) : alpha);
    }

    SeasonalProfile(long slotSeconds, int slots, double alpha) {
        if (slotSeconds < 1 || slots < 2 || slots > 4096) {
            throw new IllegalArgumentException("need slotSeconds >= 1 and 2..4096 slots");
        }
        this.slotSeconds = slotSeconds;
        this.mean = new float[slots];
        this.dev = new float[slots];
        this.count = new byte[slots];
        this.alpha = alpha;
    }

    int slot(long epochSecond) {
        return (int) (Math.floorMod(epochSecond, slotSeconds * mean.length) / slotSeconds);
    }

    /** Visits of the slot, capped at 127. */
    int count(int slot) {
        return count[slot];
    }

    double mean(int slot) {
        return mean[slot];
    }

    double deviation(int slot) {
        return dev[slot];
    }

    void learn(int slot, double x) {
        int c = count[slot];
        double a = Math.max(alpha, 1.0 / (c + 1));
        if (c == 0) {
            mean[slot] = (float) x;
            dev[slot] = 0f;
        } else {
            double d = Math.abs(x - mean[slot]);
            mean[slot] = (float) (mean[slot] + a * (x - mean[slot]));
            dev[slot] = (float) (dev[slot] + a * (d - dev[slot]));
        }
        if (c < 127) {
            count[slot] = (byte) (c + 1);
        }
    }

    /**
     * Moves each visited slot's mean by {@code delta} times its factor in {@code remaining} (a change of level:
     * slots that already learned part of the new level move by the part they have not); deviations stay.
     */
    void shift(double delta, double[] remaining) {
        for (int i = 0; i < mean.length; i++) {
            if (count[i] > 0) {
                mean[i] = (float) (mean[i] + delta * remaining[i]);
            }
        }
    }

    /** The weight the slot's last update gave the new value. */
    double weight(int slot) {
        return Math.max(alpha, 1.0 / Math.max(1, count[slot]));
    }

    /** Bytes written by {@link #write}. */
    int size() {
        return 8 + 2 + 8 + 9 * mean.length;
    }

    int slots() {
        return mean.length;
    }

    long slotSeconds() {
        return slotSeconds;
    }

    void write(ByteBuffer out) {
        out.putLong(slotSeconds);
        out.putShort((short) mean.length);
        out.putDouble(alpha);
        for (int i = 0; i < mean.length; i++) {
            out.putFloat(mean[i]);
            out.putFloat(dev[i]);
            out.put(count[i]);
        }
    }

    static SeasonalProfile read(ByteBuffer in) {
        long slotSeconds = in.getLong();
        int slots = in.getShort();
        double alpha = in.getDouble();
        if (slotSeconds < 1 || slots < 2 || slots > 4096 || !(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("corrupt seasonal profile");
        }
        SeasonalProfile p = new SeasonalProfile(slotSeconds, slots, alpha);
        for (int i = 0; i < slots; i++) {
            p.mean[i] = in.getFloat();
            p.dev[i] = in.getFloat();
            p.count[i] = in.get();
        }
        return p;
    }
}

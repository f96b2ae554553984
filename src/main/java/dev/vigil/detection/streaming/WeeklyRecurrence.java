package dev.vigil.detection.streaming;

import java.nio.ByteBuffer;

/**
 * The weeks in which each hour of the week had a flag ({@code weeklyRecurrence}, version 13). A flag at an hour of the
 * week that was flagged in {@code weeklyRecurrence} of the four weeks before, at a value near the one flagged there
 * last, is a weekly pattern the profiles have not caught, not news: its flag is withheld (the score is kept). The hour-of-week profile learns from the values of each visit, so the first values of
 * a weekend or of a weekly job are judged against the end of the same hour a week before, and the isolation member's
 * sample (the last 256 values, under a day at 5-minute steps) has never seen the weekend's level: a sharp weekly step
 * was flagged every week at the same hour (BENCHMARKS.md, "vigil-likelihood v13"). An outage at a recurring hour
 * reads another value and is still flagged. The value is compared, not the surprisal (which saturates at the edge of a
 * weekly step as at an outage) nor the deviation from the expected value (the expected value is the nearest
 * predictor's, which may lie on either side of a weekend's first value from one week to the next).
 *
 * <p>Per hour of the week: the week (epoch seconds / 604,800) of its last flag, a mask of the flagged weeks up to it
 * (bit k: k weeks before), and the value last flagged there. Not thread-safe; read and written by
 * {@link LikelihoodSnapshot}.
 */
final class WeeklyRecurrence {

    static final int SLOTS = 168;
    /** The earlier weeks a flag is compared with. */
    static final int WEEKS = 4;
    private static final long HOUR = 3_600;
    private static final long WEEK = 604_800;
    /** Weeks a mask remembers (bits of a byte). */
    private static final int MEMORY = 8;

    final int[] week = new int[SLOTS];
    final byte[] mask = new byte[SLOTS];
    final float[] value = new float[SLOTS];

    /**
     * Records a flag of x at {@code t} and says whether it repeats its hour of the week: flagged in at least
     * {@code weeks} of the {@value #WEEKS} weeks before this one, the last flag there at most {@code tolerance} from x.
     */
    boolean flagRecurs(long t, int weeks, double x, double tolerance) {
        int slot = (int) Math.floorMod(Math.floorDiv(t, HOUR), (long) SLOTS);
        int w = (int) Math.floorDiv(t, WEEK);
        int before = earlier(slot, w);
        boolean recurs = Integer.bitCount(before & (((1 << WEEKS) - 1) << 1)) >= weeks
                && Math.abs(x - value[slot]) <= tolerance;
        value[slot] = (float) x;
        week[slot] = w;
        mask[slot] = (byte) (before | 1);
        return recurs;
    }

    /** The slot's flagged weeks as bits relative to week {@code w} (bit k: k weeks before w), at most {@value MEMORY}. */
    private int earlier(int slot, int w) {
        if (mask[slot] == 0) {
            return 0;
        }
        int shift = w - week[slot];
        if (shift < 0 || shift >= MEMORY) {
            return 0; // a time before the last flag cannot come (time moves forward); long ago is forgotten
        }
        return ((mask[slot] & 0xff) << shift) & 0xff;
    }

    static int bytes() {
        return SLOTS * 9;
    }

    void write(ByteBuffer out) {
        for (int i = 0; i < SLOTS; i++) {
            out.putInt(week[i]);
            out.put(mask[i]);
            out.putFloat(value[i]);
        }
    }

    void read(ByteBuffer in) {
        for (int i = 0; i < SLOTS; i++) {
            week[i] = in.getInt();
            mask[i] = in.get();
            value[i] = in.getFloat();
            if (!Float.isFinite(value[i])) {
                throw new IllegalArgumentException("corrupt snapshot: weekly recurrence");
            }
        }
    }
}

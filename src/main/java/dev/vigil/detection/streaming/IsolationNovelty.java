package dev.vigil.detection.streaming;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A member of another family beside the predictors of {@link LikelihoodDetector}: how isolated a value is among the
 * series' last {@code size} values, the idea of isolation forests (Liu, Ting and Zhou, ICDM 2008) and random cut
 * forests (Guha et al., ICML 2016) for one dimension. It answers "does the series go there?", where the predictors
 * ask "is this value explained?". A value in a gap the series never visits (a metric that toggles between a few
 * levels showing a third one) lies inside every band and is explained by no predictor's error, yet it is isolated.
 *
 * <p><b>Feature.</b> Random cuts, each uniform over the range of the set that still holds {@code x}, split the sample
 * with {@code x} added until {@code x} is alone; the depth {@code h} at which that happens is averaged over
 * {@code paths} cut sequences. An isolated value is cut off after one or two cuts, a value among many others after
 * about {@code c(n) = 2 (ln(n - 1) + 0.5772) - 2 (n - 1) / n} (the average depth of an unsuccessful search in a
 * binary search tree of {@code n} values, the isolation forest's normaliser); a value equal to {@code k} sample
 * values cannot be cut off and counts {@code c(k + 1)} more. The feature is {@code max(0, c(n) / h - 1)}: 0 for an
 * ordinary value, up to about {@code c(n) - 1} (10 for 256 values). Like the other features it becomes a surprisal
 * against its own past ({@link TailProbability}).
 *
 * <p><b>Cuts</b> are not random but a two-dimensional Weyl sequence in (path, depth), the same for every value: the
 * member is deterministic, so a restored detector scores exactly as the original would have, and needs no random
 * state. With one dimension the sample's order does the work of the trees: the set still holding {@code x} is an
 * index range of the sorted sample, and each cut is a search in it.
 *
 * <p>On by default from version 10 ({@code isolation} 256 values, {@code isolationPaths} 64, {@code isolationOffset}
 * 0.5: its surprisal counts half a decade less than the others'); BENCHMARKS.md, "vigil-likelihood v10", has why.
 * From version 11 only while the data comes every 30 minutes or faster ({@code isolationMaxStep}, read from the values'
 * times; "vigil-likelihood v11"); from version 12 not for a new extreme within 7 typical steps of the range
 * ({@code isolationMargin}), and a quarter decade down ({@code isolationOffset} 0.25; "vigil-likelihood v12").
 *
 * <p>State: the sample in arrival order ({@code size} doubles, a ring) and sorted (rebuilt on restore), and the tail;
 * 4 KB for 256 values. Cost: {@code paths} x about {@code c(size)} cuts per value, each a search of the sorted
 * sample that starts where the cut's share of the range points; 15 us per value with the defaults (JMH,
 * BENCHMARKS.md). Not thread-safe.
 */
final class IsolationNovelty {

    /** The Weyl sequence's steps along paths and along depth (the plastic number's reciprocals: low discrepancy). */
    private static final double PATH_STEP = 0.7548776662466927;
    private static final double DEPTH_STEP = 0.5698402909980532;
    /**
     * The largest surprisal the member reports. Its feature is bounded (a value cut off by the first cut scores
     * {@code c(n) - 1}), so a tail fit whose end point lies below that bound calls a possible value impossible
     * (surprisal 12): on a label-free battery of anomaly-free series that gave 10 false flags at 6 or more, none
     * with this cap, and the labelled groups and the pooled judge score the same with it (BENCHMARKS.md,
     * "vigil-likelihood v10").
     */
    static final double MAX_SURPRISAL = 6;
    /** Depth after which a path stops cutting and counts the rest as an average search (never reached in practice). */
    private static final int MAX_DEPTH = 64;

    /** Most paths a member may average over (the cut table's rows). */
    static final int MAX_PATHS = 256;
    /** Where each path's d-th cut falls, as a share of the range: the Weyl sequence, computed once for all series. */
    private static final double[][] CUTS = new double[MAX_PATHS][MAX_DEPTH];

    static {
        for (int p = 0; p < MAX_PATHS; p++) {
            for (int d = 0; d < MAX_DEPTH; d++) {
                CUTS[p][d] = ((p + 1) * PATH_STEP + (d + 1) * DEPTH_STEP) % 1.0;
            }
        }
    }

    private final int size;
    private final int paths;
    private final TailProbability tail;
    private final double[] ring;
    private final double[] sorted;
    private int count;
    private int head;

    IsolationNovelty(int size, int paths, TailProbability tail) {
        if (size < 2 || paths < 1 || paths > MAX_PATHS) {
            throw new IllegalArgumentException("isolation needs a sample of 2 or more and 1 to " + MAX_PATHS
                    + " paths");
        }
        this.size = size;
        this.paths = paths;
        this.tail = tail;
        this.ring = new double[size];
        this.sorted = new double[size];
    }

    /**
     * Judges x against the sample (its surprisal; 0 until the sample is full and the tail has warmed up), then
     * learns it.
     */
    double observe(double x) {
        return observe(x, 0);
    }

    /**
     * As {@link #observe(double)}, but a value beyond the sample's range by at most {@code margin} is not judged
     * (still learned): a drifting series reaches such a value in a few ordinary steps, and it is isolated only
     * because it is the newest extreme.
     */
    double observe(double x, double margin) {
        double surprisal = 0;
        if (count == size) {
            double f = Math.max(0, averageDepth(size) / depth(x) - 1);
            boolean nearEdge = x > sorted[count - 1] ? x - sorted[count - 1] <= margin
                    : x < sorted[0] && sorted[0] - x <= margin;
            if (!nearEdge) {
                surprisal = Math.min(MAX_SURPRISAL, tail.surprisal(f));
            }
            tail.learn(f);
        }
        add(x);
        return surprisal;
    }

    /** Learns x into the sample without judging it or teaching the tail (a rebuild's older values). */
    void fill(double x) {
        add(x);
    }

    private void add(double x) {
        if (count == size) {
            int at = lower(0, count, ring[head]);
            System.arraycopy(sorted, at + 1, sorted, at, count - at - 1);
            count--;
        }
        ring[head] = x;
        head = (head + 1) % size;
        int at = lower(0, count, x);
        System.arraycopy(sorted, at, sorted, at + 1, count - at);
        sorted[at] = x;
        count++;
    }

    /** The depth at which x is cut off from the sample, averaged over the paths. */
    double depth(double x) {
        int at = lower(0, count, x);
        double[] v = sorted;
        double total = 0;
        for (int p = 0; p < paths; p++) {
            // v[from, to) and x form the set that still holds x
            int from = 0;
            int to = count;
            int d = 0;
            double[] cuts = CUTS[p];
            while (from < to) {
                double lo = v[from] < x ? v[from] : x;
                double hi = v[to - 1] > x ? v[to - 1] : x;
                if (!(hi > lo) || d == MAX_DEPTH) {
                    total += averageDepth(to - from + 1);
                    break;
                }
                double share = cuts[d];
                double cut = lo + share * (hi - lo);
                // the cut's place among the values, guessed as if they were spread evenly, then searched from there
                int guess = from + (int) (share * (to - from));
                if (cut < x) {
                    from = upperNear(from, at, cut, guess);
                } else {
                    int start = at > from ? at : from;
                    to = upperNear(start, to, cut, guess);
                }
                d++;
            }
            total += d;
        }
        return Math.max(total / paths, 1e-9);
    }

    /** {@link #upper} for a range where the answer is probably near {@code guess}: gallops from it, then bisects. */
    private int upperNear(int from, int to, double cut, int guess) {
        int g = guess < from ? from : guess >= to ? to - 1 : guess;
        if (from >= to) {
            return from;
        }
        int lo;
        int hi;
        if (sorted[g] <= cut) {
            // the answer lies in (g, to]
            lo = g + 1;
            int step = 1;
            hi = lo;
            while (hi < to && sorted[hi] <= cut) {
                lo = hi + 1;
                hi = lo + step;
                step <<= 1;
            }
            hi = hi < to ? hi : to;
        } else {
            // the answer lies in [from, g]
            hi = g;
            int step = 1;
            lo = hi - 1;
            while (lo >= from && sorted[lo] > cut) {
                hi = lo;
                lo = hi - step - 1;
                step <<= 1;
            }
            lo = lo < from ? from : lo + 1;
        }
        return upper(lo, hi, cut);
    }

    /** First index in [from, to) of the sorted sample whose value is at least x. */
    private int lower(int from, int to, double x) {
        while (from < to) {
            int mid = (from + to) >>> 1;
            if (sorted[mid] < x) {
                from = mid + 1;
            } else {
                to = mid;
            }
        }
        return from;
    }

    /** First index in [from, to) of the sorted sample whose value exceeds the cut. */
    private int upper(int from, int to, double cut) {
        while (from < to) {
            int mid = (from + to) >>> 1;
            if (sorted[mid] <= cut) {
                from = mid + 1;
            } else {
                to = mid;
            }
        }
        return from;
    }

    /** The average depth of an unsuccessful search among n values (the isolation forest's c(n)). */
    static double averageDepth(int n) {
        if (n <= 1) {
            return 0;
        }
        if (n == 2) {
            return 1;
        }
        return 2 * (Math.log(n - 1) + 0.5772156649015329) - 2.0 * (n - 1) / n;
    }

    /** Snapshot size in bytes for a sample of {@code size} values. */
    static int size(int size) {
        return 4 + 4 + size * 8 + TailProbability.SIZE;
    }

    void write(ByteBuffer out) {
        out.putInt(count);
        out.putInt(head);
        for (int i = 0; i < size; i++) {
            out.putDouble(ring[i]);
        }
        tail.write(out);
    }

    void read(ByteBuffer in) {
        try {
            count = in.getInt();
            head = in.getInt();
            if (count < 0 || count > size || head < 0 || head >= size || count < size && head != count) {
                throw new IllegalArgumentException("corrupt snapshot: isolation sample");
            }
            for (int i = 0; i < size; i++) {
                ring[i] = in.getDouble();
                if (i < count && !Double.isFinite(ring[i])) {
                    throw new IllegalArgumentException("corrupt snapshot: isolation sample value");
                }
            }
            tail.read(in);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated snapshot", e);
        }
        System.arraycopy(ring, 0, sorted, 0, count);
        Arrays.sort(sorted, 0, count);
    }
}

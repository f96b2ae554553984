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
 * index range of the sorted sample, and each cut is a binary search in it.
 *
 * <p>On by default from version 10 ({@code isolation} 256 values, {@code isolationPaths} 64, {@code isolationOffset}
 * 0.5: its surprisal counts half a decade less than the others'); BENCHMARKS.md, "vigil-likelihood v10", has why.
 *
 * <p>State: the sample in arrival order ({@code size} doubles, a ring) and sorted (rebuilt on restore), and the tail;
 * 4 KB for 256 values. Cost: {@code paths} x about {@code log2(size)} binary searches per value. Not thread-safe.
 */
final class IsolationNovelty {

    /** The Weyl sequence's steps along paths and along depth (the plastic number's reciprocals: low discrepancy). */
    private static final double PATH_STEP = 0.7548776662466927;
    private static final double DEPTH_STEP = 0.5698402909980532;
    /** Depth after which a path stops cutting and counts the rest as an average search (never reached in practice). */
    private static final int MAX_DEPTH = 64;

    private final int size;
    private final int paths;
    private final TailProbability tail;
    private final double[] ring;
    private final double[] sorted;
    private int count;
    private int head;

    IsolationNovelty(int size, int paths, TailProbability tail) {
        if (size < 2 || paths < 1) {
            throw new IllegalArgumentException("isolation needs a sample of 2 or more and 1 path or more");
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
        double surprisal = 0;
        if (count == size) {
            double f = Math.max(0, averageDepth(size) / depth(x) - 1);
            surprisal = tail.surprisal(f);
            tail.learn(f);
        }
        add(x);
        return surprisal;
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
        double total = 0;
        for (int p = 0; p < paths; p++) {
            // sorted[from, to) and x form the set that still holds x
            int from = 0;
            int to = count;
            int d = 0;
            while (from < to) {
                double lo = Math.min(sorted[from], x);
                double hi = Math.max(sorted[to - 1], x);
                if (!(hi > lo) || d == MAX_DEPTH) {
                    total += averageDepth(to - from + 1);
                    break;
                }
                double cut = lo + (((p + 1) * PATH_STEP + (d + 1) * DEPTH_STEP) % 1.0) * (hi - lo);
                if (cut < x) {
                    from = upper(from, at, cut);
                } else {
                    to = upper(Math.max(at, from), to, cut);
                }
                d++;
            }
            total += d;
        }
        return Math.max(total / paths, 1e-9);
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

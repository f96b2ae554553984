package dev.vigil.detection.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service's choice of anomalies in a decomposed seasonal series (the method of Microsoft's open-sourced
 * univariate service, restated): three detectors look at each tail of the min–max normalized values,
 * <ol>
 *   <li>a robust generalized ESD on the de-seasoned series (x − seasonal),</li>
 *   <li>a z-score test (|v − median| / (MAD/0.6745) &gt; 3) on the same values, looking only at the
 *       {@code maxOutliers} most extreme ones,</li>
 *   <li>the robust generalized ESD on the remainder (x − seasonal − trend);</li>
 * </ol>
 * and their answers are merged by rank: a point first named by detector i at rank k scores k + i·n, each further
 * detector naming it adds its rank there, and the {@code maxOutliers} lowest scores of each tail are anomalies.
 *
 * <p>The robust ESD walks the values from the most extreme inwards; at step k the candidate is compared with the
 * median and MAD/0.6745 of the values not yet passed (or, when that fails, their mean and population standard
 * deviation) against the one-sided Rosner critical value λ_{k+1}; the anomalies are the candidates up to the last
 * step that passed. When a detector's series has MAD 0 and its median differs from both extremes (a "majority"
 * value), a tail only reaches as far as that value.
 *
 * <p>Cost O(n log n + r·log n) for r = maxOutliers. Thread-safe (stateless).
 */
final class SeasonalAnomalies {

    static final double EPS = 1e-8;
    static final double MAD_SCALE = 0.6744897501960817; // Φ⁻¹(3/4)
    static final double Z_LIMIT = 3;

    private SeasonalAnomalies() {
    }

    /** max(⌈n·ratio⌉, 1), but fewer than half the points. */
    static int maxOutliers(int n, double ratio) {
        return Math.min(Math.max((int) Math.ceil(n * ratio), 1), n / 2 - 1);
    }

    /** Anomaly flags for the series x = trend + seasonal + remainder. */
    static boolean[] detect(double[] deseasoned, double[] remainder, double ratio, double alpha) {
        int n = deseasoned.length;
        int max = maxOutliers(n, ratio);
        boolean[] flags = new boolean[n];
        if (max <= 0) {
            return flags;
        }
        Sorted data = new Sorted(normalize(deseasoned));
        Sorted rest = new Sorted(normalize(remainder));
        for (boolean upper : new boolean[] {true, false}) {
            List<int[]> named = List.of(data.esd(upper, max, alpha), data.zScore(upper, max), rest.esd(upper, max, alpha));
            Map<Integer, Long> score = new LinkedHashMap<>();
            for (int d = 0; d < named.size(); d++) {
                int[] idx = named.get(d);
                for (int k = 0; k < idx.length; k++) {
                    long base = (long) d * n;
                    score.merge(idx[k], k + base, (old, add) -> old + (add - base));
                }
            }
            List<Map.Entry<Integer, Long>> ranked = new ArrayList<>(score.entrySet());
            ranked.sort(Map.Entry.comparingByValue()); // stable: ties keep the order they were named in
            for (int i = 0; i < Math.min(max, ranked.size()); i++) {
                flags[ranked.get(i).getKey()] = true;
            }
        }
        return flags;
    }

    static double[] normalize(double[] v) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double a : v) {
            min = Math.min(min, a);
            max = Math.max(max, a);
        }
        if (min == max) {
            return v.clone();
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (v[i] - min) / (max - min);
        }
        return out;
    }

    /** One detector input: values in ascending order with their original indices. */
    private static final class Sorted {
        final double[] asc;
        final int[] index;
        final Double majority;

        Sorted(double[] v) {
            int n = v.length;
            index = new int[n];
            for (int i = 0; i < n; i++) {
                index[i] = i;
            }
            mergeSort(index, new int[n], 0, n, v);
            asc = new double[n];
            for (int i = 0; i < n; i++) {
                asc[i] = v[index[i]];
            }
            majority = majority(asc);
        }

        /** Stable sort of idx[from, to) by key[idx], without boxing. */
        private static void mergeSort(int[] idx, int[] tmp, int from, int to, double[] key) {
            if (to - from < 2) {
                return;
            }
            int mid = (from + to) >>> 1;
            mergeSort(idx, tmp, from, mid, key);
            mergeSort(idx, tmp, mid, to, key);
            if (key[idx[mid - 1]] <= key[idx[mid]]) {
                return;
            }
            System.arraycopy(idx, from, tmp, from, to - from);
            for (int k = from, i = from, j = mid; k < to; k++) {
                idx[k] = j >= to || (i < mid && key[tmp[i]] <= key[tmp[j]]) ? tmp[i++] : tmp[j++];
            }
        }

        private static Double majority(double[] asc) {
            int n = asc.length;
            double med = median(asc, 0, n);
            if (!close(madSorted(asc, 0, n, med) / MAD_SCALE, 0)) {
                return null;
            }
            double m = asc[(n - 1) / 2];
            return close(m, asc[0]) || close(m, asc[n - 1]) ? null : m;
        }

        /** numpy's isclose with its default tolerances. */
        private static boolean close(double a, double b) {
            return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
        }

        /** The values in the tail's order, most extreme first, cut at the majority value when there is one. */
        private int[] ordered(boolean upper, boolean cutAtMajority) {
            int n = asc.length;
            int[] pos = new int[n];
            for (int i = 0; i < n; i++) {
                pos[i] = upper ? n - 1 - i : i;
            }
            if (cutAtMajority && majority != null) {
                int last = -1;
                for (int i = 0; i < n; i++) {
                    if (Math.abs(asc[pos[i]] - majority) < EPS) {
                        last = i;
                    }
                }
                pos = Arrays.copyOf(pos, last + 1);
            }
            return pos;
        }

        int[] esd(boolean upper, int max, double alpha) {
            int[] pos = ordered(upper, true);
            int len = pos.length;
            int critLen = majority == null ? asc.length : len;
            double[] d = new double[len];
            double[] sum = new double[len + 1];
            double[] sumSq = new double[len + 1];
            for (int i = 0; i < len; i++) {
                d[i] = asc[pos[i]];
            }
            for (int i = len - 1; i >= 0; i--) {
                sum[i] = sum[i + 1] + d[i];
                sumSq[i] = sumSq[i + 1] + d[i] * d[i];
            }
            int found = -1;
            for (int k = 0; k < Math.min(max, len); k++) {
                int m = critLen - k; // points before this removal
                if (m < 3) {
                    break;
                }
                double lambda = GeneralizedEsd.criticalValue(m, 2 * alpha); // one-sided
                double med = median(d, k, len);
                double sigma = madSorted(d, k, len, med) / MAD_SCALE;
                boolean anomaly = exceeds(d[k], med, sigma, lambda, upper);
                if (!anomaly) {
                    int c = len - k;
                    double mean = sum[k] / c;
                    double sd = Math.sqrt(Math.max(0, sumSq[k] / c - mean * mean));
                    anomaly = exceeds(d[k], mean, sd, lambda, upper);
                }
                if (anomaly) {
                    found = k;
                }
            }
            int[] out = new int[found + 1];
            for (int i = 0; i <= found; i++) {
                out[i] = index[pos[i]];
            }
            return out;
        }

        int[] zScore(boolean upper, int max) {
            int n = asc.length;
            double center = median(asc, 0, n);
            double scale = madSorted(asc, 0, n, center) / MAD_SCALE;
            if (scale == 0) {
                double s = 0;
                double s2 = 0;
                for (double v : asc) {
                    s += v;
                    s2 += v * v;
                }
                center = s / n;
                scale = Math.sqrt(Math.max(0, s2 / n - center * center));
                if (scale == 0) {
                    return new int[0];
                }
            }
            int[] pos = ordered(upper, false);
            int[] out = new int[Math.min(max, n)];
            int c = 0;
            for (int i = 0; i < out.length; i++) {
                if (Math.abs(asc[pos[i]] - center) / scale > Z_LIMIT) {
                    out[c++] = index[pos[i]];
                }
            }
            return Arrays.copyOf(out, c);
        }

        private static boolean exceeds(double v, double center, double sigma, double limit, boolean upper) {
            double dev = upper ? v - center : center - v;
            return dev / Math.max(sigma, EPS) > limit;
        }
    }

    /** Median of the monotone slice a[from, to). */
    static double median(double[] a, int from, int to) {
        int c = to - from;
        int mid = from + c / 2;
        return c % 2 == 1 ? a[mid] : (a[mid - 1] + a[mid]) / 2;
    }

    /**
     * Median of |a[i] − center| over the monotone slice a[from, to) whose median is {@code center}. The distances
     * grow outwards from the middle on both sides, so this is a selection from two sorted sequences, O(log n).
     */
    static double madSorted(double[] a, int from, int to, double center) {
        int c = to - from;
        if (c == 0) {
            return Double.NaN;
        }
        int mid = from + c / 2;
        double hi = kthDistance(a, from, to, mid, center, c / 2);
        return c % 2 == 1 ? hi : (kthDistance(a, from, to, mid, center, c / 2 - 1) + hi) / 2;
    }

    /** The k-th smallest (0-based) distance: left side a[mid−1], a[mid−2], …; right side a[mid], a[mid+1], …. */
    private static double kthDistance(double[] a, int from, int to, int mid, double center, int k) {
        int nl = mid - from;
        int nr = to - mid;
        int lo = Math.max(0, k + 1 - nr);
        int hi = Math.min(k + 1, nl);
        while (lo < hi) {
            int i = (lo + hi) >>> 1; // i from the left, k + 1 − i from the right
            int j = k + 1 - i;
            if (j > 0 && Math.abs(a[mid + j - 1] - center) > Math.abs(a[mid - 1 - i] - center)) {
                lo = i + 1;
            } else {
                hi = i;
            }
        }
        int i = lo;
        int j = k + 1 - i;
        double left = i > 0 ? Math.abs(a[mid - i] - center) : Double.NEGATIVE_INFINITY;
        double right = j > 0 ? Math.abs(a[mid + j - 1] - center) : Double.NEGATIVE_INFINITY;
        return Math.max(left, right);
    }
}

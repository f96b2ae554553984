package dev.vigil.detection.batch;

import java.util.Arrays;

/**
 * Moving-window filters shared by the batch models. Windows are centred and shrink at the ends (so every output
 * point is an average or median of real points, never of padding). Inputs must be NaN-free. Thread-safe.
 */
final class Filters {

    private Filters() {
    }

    /**
     * Centred moving median over {@code window} points (forced odd). O(n·w) through an incrementally maintained
     * sorted window, fast enough for the API's 8,640-point limit with day-long windows.
     */
    static double[] movingMedian(double[] x, int window) {
        int n = x.length;
        double[] out = new double[n];
        if (n == 0) {
            return out;
        }
        int half = Math.max(0, (window | 1) / 2);
        if (half == 0) {
            return x.clone();
        }
        double[] sorted = new double[Math.min(n, 2 * half + 1) + 1]; // +1: a point enters before one leaves
        int size = 0;
        int lo = 0;
        int hi = -1; // current window is x[lo..hi]
        for (int i = 0; i < n; i++) {
            int wantLo = Math.max(0, i - half);
            int wantHi = Math.min(n - 1, i + half);
            while (hi < wantHi) {
                hi++;
                size = insert(sorted, size, x[hi]);
            }
            while (lo < wantLo) {
                size = remove(sorted, size, x[lo]);
                lo++;
            }
            out[i] = (size % 2 == 1) ? sorted[size / 2] : 0.5 * (sorted[size / 2 - 1] + sorted[size / 2]);
        }
        return out;
    }

    private static int insert(double[] a, int size, double v) {
        int pos = Arrays.binarySearch(a, 0, size, v);
        if (pos < 0) {
            pos = -pos - 1;
        }
        System.arraycopy(a, pos, a, pos + 1, size - pos);
        a[pos] = v;
        return size + 1;
    }

    private static int remove(double[] a, int size, double v) {
        int pos = Arrays.binarySearch(a, 0, size, v);
        if (pos < 0) {
            return size; // cannot happen for NaN-free input
        }
        System.arraycopy(a, pos + 1, a, pos, size - pos - 1);
        return size - 1;
    }

    /** Mean of the last {@code w} values up to and including each point (fewer at the start). */
    static double[] trailingMean(double[] x, int w) {
        double[] out = new double[x.length];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i];
            if (i >= w) {
                sum -= x[i - w];
            }
            out[i] = sum / Math.min(i + 1, w);
        }
        return out;
    }

    /** Centred moving mean over {@code window} points (forced odd), through prefix sums. */
    static double[] movingMean(double[] x, int window) {
        int n = x.length;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + x[i];
        }
        int half = Math.max(0, (window | 1) / 2);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - half);
            int b = Math.min(n - 1, i + half);
            out[i] = (prefix[b + 1] - prefix[a]) / (b - a + 1);
        }
        return out;
    }

    /** Median of a copy of {@code x} (by selection, O(n): detections take dozens of medians); NaN for empty input. */
    static double median(double[] x) {
        return medianInPlace(x.clone());
    }

    /**
     * Median of {@code a} by selection (Hoare's quickselect, median-of-three pivots), O(n) on average; reorders
     * {@code a}. NaN for empty input.
     */
    static double medianInPlace(double[] a) {
        int n = a.length;
        if (n == 0) {
            return Double.NaN;
        }
        double hi = select(a, n / 2);
        if (n % 2 == 1) {
            return hi;
        }
        double lo = Double.NEGATIVE_INFINITY; // the largest value left of position n/2
        for (int i = 0; i < n / 2; i++) {
            lo = Math.max(lo, a[i]);
        }
        return 0.5 * (lo + hi);
    }

    /** Puts the k-th smallest value at a[k], smaller ones before it and larger ones after it; returns it. */
    static double select(double[] a, int k) {
        int left = 0;
        int right = a.length - 1;
        while (right > left) {
            int mid = (left + right) >>> 1;
            // median of three as pivot, moved to a[mid]
            if (a[mid] < a[left]) {
                swap(a, mid, left);
            }
            if (a[right] < a[left]) {
                swap(a, right, left);
            }
            if (a[right] < a[mid]) {
                swap(a, right, mid);
            }
            double pivot = a[mid];
            int i = left;
            int j = right;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                break; // j < k < i: a[k] equals the pivot and is in place
            }
        }
        return a[k];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /**
     * Indices of {@code v} (NaN-free) in ascending order of value, equal values in index order: what a stable sort
     * of boxed indices by {@link Double#compare} gives, from a primitive sort of the values plus one binary search
     * per index (the boxed sort cost several percent of a seasonal detection).
     */
    static Integer[] ascendingOrder(double[] v) {
        int n = v.length;
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        int[] taken = new int[n]; // per run of equal values, how many of its slots are filled
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            int first = firstNotBelow(sorted, v[i]);
            order[first + taken[first]++] = i;
        }
        return order;
    }

    /** The first position of {@code sorted} whose value is not below {@code x} in {@link Double#compare}'s order. */
    private static int firstNotBelow(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Double.compare(sorted[mid], x) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Median absolute deviation from the median (unscaled); NaN for empty input. */
    static double mad(double[] x) {
        double med = median(x);
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = Math.abs(x[i] - med);
        }
        return median(d);
    }
}

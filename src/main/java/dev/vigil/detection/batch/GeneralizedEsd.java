package dev.vigil.detection.batch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Rosner's generalized extreme Studentized deviate test (Technometrics 25(2), 1983): for i = 1..r remove the point
 * farthest from the mean, with R_i = max|x − x̄|/s over the remaining points and the critical value
 * λ_i = (n−i)·t(p, n−i−1) / √((n−i−1+t²)(n−i+1)), p = 1 − α/(2(n−i+1)). The number of outliers is the largest i
 * with R_i > λ_i. Assumes the remaining points are roughly normal; used on decomposition remainders.
 *
 * <p>Cost O(n log n + r). Stateless and thread-safe. NaN entries are ignored (never flagged).
 */
final class GeneralizedEsd {

    /** λ depends only on (points, α); the t quantile costs tens of microseconds, so repeated sizes are cached. */
    private static final Map<Long, Double> CRITICAL = new ConcurrentHashMap<>();

    private GeneralizedEsd() {
    }

    /** λ for a test over {@code m} points (before removal) at level {@code alpha}. */
    static double criticalValue(int m, double alpha) {
        long key = ((long) m << 32) ^ Double.hashCode(alpha);
        Double cached = CRITICAL.get(key);
        if (cached != null) {
            return cached;
        }
        double p = 1 - alpha / (2.0 * m);
        double t = new TDistribution(m - 2).inverseCumulativeProbability(p);
        double lambda = (m - 1) * t / Math.sqrt((m - 2 + t * t) * m);
        if (CRITICAL.size() < 100_000) {
            CRITICAL.put(key, lambda);
        }
        return lambda;
    }

    /**
     * Flags the outliers of {@code x}.
     *
     * @param maxOutliers upper bound r on the number of outliers (≥ 0)
     * @param alpha       significance level, e.g. 0.05
     * @return per-point outlier flags (all false when fewer than 3 usable points)
     */
    static boolean[] outliers(double[] x, int maxOutliers, double alpha) {
        int n = x.length;
        boolean[] removed = new boolean[n];
        boolean[] flagged = new boolean[n];
        int count = 0;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(x[i])) {
                removed[i] = true;
            } else {
                count++;
                sum += x[i];
                sumSq += x[i] * x[i];
            }
        }
        int usable = count;
        int r = Math.min(maxOutliers, usable - 2);
        int[] order = new int[Math.max(r, 0)];
        int found = 0;
        // the point farthest from the mean is always the smallest or the largest one left: walk both ends of the
        // value order instead of scanning all points per removal (O(n log n + r) rather than O(r·n)). Equal values
        // are ordered by index so that ties go to the earliest point, as a left-to-right scan would choose.
        int[] ascending = r > 0 ? valueOrder(x, usable) : new int[0];
        int low = 0;
        int high = ascending.length - 1;
        for (int i = 1; i <= r; i++) {
            double mean = sum / count;
            double var = (sumSq - count * mean * mean) / (count - 1);
            if (var <= 1e-20 * Math.max(1, mean * mean)) {
                // the rest is constant: every remaining deviation is zero, so no further outlier can be significant
                break;
            }
            double sd = Math.sqrt(var);
            int smallest = ascending[low];
            int largest = ascending[high];
            int top = high;
            while (top > low && x[ascending[top - 1]] == x[largest]) {
                top--; // the earliest of equal largest values
            }
            largest = ascending[top];
            double lowDev = Math.abs(x[smallest] - mean);
            double highDev = Math.abs(x[largest] - mean);
            boolean takeLow = lowDev > highDev || (lowDev == highDev && smallest < largest);
            int worst = takeLow ? smallest : largest;
            double worstDev = takeLow ? lowDev : highDev;
            if (takeLow) {
                low++;
            } else {
                System.arraycopy(ascending, top + 1, ascending, top, high - top);
                high--;
            }
            double stat = worstDev / sd;
            int m = usable - i + 1; // points before this removal
            double lambda = criticalValue(m, alpha);
            order[i - 1] = worst;
            if (stat > lambda) {
                found = i;
            }
            removed[worst] = true;
            count--;
            sum -= x[worst];
            sumSq -= x[worst] * x[worst];
        }
        for (int i = 0; i < found; i++) {
            flagged[order[i]] = true;
        }
        return flagged;
    }

    /** Indices of the non-NaN values of {@code x}, ascending by value, then by index. */
    private static int[] valueOrder(double[] x, int usable) {
        double[] sorted = new double[usable];
        int k = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                sorted[k++] = v;
            }
        }
        java.util.Arrays.sort(sorted); // primitive sort; the indices are placed below in index order
        int[] taken = new int[usable]; // per run of equal values, how many of its slots are filled
        int[] out = new int[usable];
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i])) {
                int first = firstAtLeast(sorted, x[i]);
                out[first + taken[first]++] = i;
            }
        }
        return out;
    }

    /** The first position of {@code sorted} whose value is not below {@code v} (in Arrays.sort's order). */
    private static int firstAtLeast(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Double.compare(sorted[mid], v) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}

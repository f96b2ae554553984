package dev.vigil.detection.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The service's dynamic-threshold model for series without a period, as Microsoft's open-source univariate library
 * describes it. Anomalies are searched among the min–max normalized values themselves (not a residual), ordered from
 * the most extreme inwards, separately for the upper and the lower tail, by two tests whose picks are merged:
 * <ul>
 *   <li>a robust generalized ESD (Rosner 1983): the k-th most extreme value is compared with the median and the
 *       normal-consistent MAD of the values not yet removed, falling back to their mean and standard deviation,
 *       against the one-tailed critical value λ = (m−1)·t / √((m−2+t²)·m), t the Student quantile at
 *       1 − α/m with m − 2 degrees of freedom, m the points left; the number of anomalies is the deepest rank
 *       that passes;</li>
 *   <li>a z-score test: among the {@code max} most extreme values, those more than 3 robust standard deviations
 *       (MAD / 0.6745 around the median) from the median.</li>
 * </ul>
 * ESD picks rank first, then z-score-only picks; at most max = min(max(⌈n·ratio⌉, 1), n/2 − 1) per tail. When most
 * values are equal (MAD 0) and the middle value is neither the minimum nor the maximum, the ESD only looks at the
 * tail beyond that majority value. For last-point detection the ESD starts at the last point's rank and stops at its
 * first hit.
 *
 * <p>Expected values: with no anomaly, the coarse {@link SplineTrend} (window min(n/3, 512)); otherwise the anomalies
 * are replaced by linear interpolation and the spline is refitted with a window 2p − 1 from a period p guessed by
 * {@link #guessTrendPeriod} (Welch periodogram peaks of the series minus a broad median trend), the detrending of
 * the open-source {@code seasonal} package.
 *
 * <p>Cost O(max·n log n) for the ESD plus O(w²) Theil–Sen slopes for the trend ends (w ≤ 1023). Stateless,
 * thread-safe; input must be NaN-free.
 */
final class DynamicThreshold {

    static final double Z_THRESHOLD = 3;
    /** Φ⁻¹(3/4): MAD / this is a normal-consistent standard deviation. */
    static final double MAD_CONSTANT = 0.6744897501960817;
    static final double EPS = 1e-8;

    private static final Map<Long, Double> CRITICAL = new ConcurrentHashMap<>();

    private DynamicThreshold() {
    }

    /** Result: per-point anomaly flags and expected values. */
    record Result(boolean[] anomaly, double[] expected) {
    }

    /** Largest number of anomalies per tail. */
    static int maxOutliers(int n, double ratio) {
        return Math.min(Math.max((int) Math.ceil(n * ratio - 1e-12), 1), n / 2 - 1);
    }

    static Result detect(double[] x, double ratio, double alpha, boolean lastOnly) {
        return withExpected(x, flags(x, ratio, alpha, lastOnly));
    }

    /** The anomaly flags alone (no expected values). */
    static boolean[] flags(double[] x, double ratio, double alpha, boolean lastOnly) {
        int n = x.length;
        double[] d = normalize(x);
        boolean[] flagged = new boolean[n];
        int max = maxOutliers(n, ratio);
        if (max > 0) {
            Integer[] order = Filters.ascendingOrder(d); // ties keep time order
            double[] sorted = new double[n];
            for (int i = 0; i < n; i++) {
                sorted[i] = d[order[i]];
            }
            Double majority = majorityValue(sorted);
            for (boolean upper : new boolean[]{true, false}) {
                List<Integer> esd = esd(sorted, order, max, alpha, upper, majority, lastOnly ? n - 1 : -1);
                List<Integer> z = zScore(sorted, order, max, upper);
                for (int idx : merge(List.of(esd, z), max, n)) {
                    flagged[idx] = true;
                }
            }
        }
        return flagged;
    }

    /** Expected values for the given flags: see the class comment. */
    static Result withExpected(double[] x, boolean[] flagged) {
        int n = x.length;
        boolean any = false;
        for (boolean f : flagged) {
            any |= f;
        }
        if (!any) {
            return new Result(flagged, SplineTrend.fit(x));
        }
        double[] cleaned = x.clone();
        for (int i = 0; i < n; i++) {
            if (flagged[i]) {
                cleaned[i] = Double.NaN;
            }
        }
        cleaned = interpolate(cleaned);
        return new Result(flagged, trend(cleaned));
    }

    /** (x − min)/(max − min), or x itself for a constant series. */
    static double[] normalize(double[] x) {
        double min = Arrays.stream(x).min().orElse(0);
        double max = Arrays.stream(x).max().orElse(0);
        if (min == max) {
            return x.clone();
        }
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (x[i] - min) / (max - min);
        }
        return out;
    }

    /** The middle value when the normalized MAD is (close to) zero and that value is not an extreme; else null. */
    static Double majorityValue(double[] sorted) {
        int n = sorted.length;
        if (n == 0 || Math.abs(Filters.mad(sorted) / MAD_CONSTANT) > EPS) {
            return null;
        }
        double m = sorted[(n - 1) / 2];
        if (close(m, sorted[0]) || close(m, sorted[n - 1])) {
            return null;
        }
        return m;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= EPS + 1e-5 * Math.abs(b);
    }

    /** One-tailed ESD critical value for a test over {@code m} remaining points; 0 for m ≤ 2. */
    static double criticalValue(int m, double alpha) {
        if (m <= 2) {
            return 0;
        }
        long key = ((long) m << 32) ^ Double.hashCode(alpha);
        Double cached = CRITICAL.get(key);
        if (cached != null) {
            return cached;
        }
        double t = new TDistribution(m - 2).inverseCumulativeProbability(1 - alpha / m);
        double lambda = (m - 1) * t / Math.sqrt((m - 2 + t * t) * m);
        if (CRITICAL.size() < 100_000) {
            CRITICAL.put(key, lambda);
        }
        return lambda;
    }

    /** Robust generalized ESD over one tail; returns the flagged point indices, most extreme first. */
    static List<Integer> esd(double[] sorted, Integer[] order, int max, double alpha, boolean upper, Double majority,
                             int lastIndex) {
        int n = sorted.length;
        // values in test order: most extreme of this tail first
        double[] v = new double[n];
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            int s = upper ? n - 1 - i : i;
            v[i] = sorted[s];
            idx[i] = order[s];
        }
        int length = n;
        if (majority != null) {
            int last = -1;
            for (int i = n - 1; i >= 0; i--) {
                if (Math.abs(v[i] - majority) < EPS) {
                    last = i;
                    break;
                }
            }
            length = last + 1;
        }
        int start = 0;
        if (lastIndex >= 0) {
            start = -1;
            for (int i = 0; i < length; i++) {
                if (idx[i] == lastIndex) {
                    start = i;
                    break;
                }
            }
            if (start < 0) {
                return List.of();
            }
        }
        int found = -1;
        double sum = 0;
        double sumSq = 0;
        for (int j = 0; j < length; j++) {
            sum += v[j];
            sumSq += v[j] * v[j];
        }
        for (int j = 0; j < start; j++) {
            sum -= v[j];
            sumSq -= v[j] * v[j];
        }
        for (int k = start; k < Math.min(max, length); k++) {
            int m = length - k;
            double lambda = criticalValue(m, alpha);
            // v[k..length) is monotone, so its median is the middle element(s)
            double median = (m % 2 == 1) ? v[k + m / 2] : 0.5 * (v[k + m / 2 - 1] + v[k + m / 2]);
            double sigma = sortedMad(v, k, length, median) / MAD_CONSTANT;
            boolean hit = exceeds(median, sigma, v[k], lambda, upper);
            if (!hit) {
                double mean = sum / m;
                double var = Math.max(sumSq / m - mean * mean, 0);
                hit = exceeds(mean, Math.sqrt(var), v[k], lambda, upper);
            }
            if (hit) {
                found = k;
                if (lastIndex >= 0) {
                    break;
                }
            }
            sum -= v[k];
            sumSq -= v[k] * v[k];
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i <= found; i++) {
            out.add(idx[i]);
        }
        return out;
    }

    private static boolean exceeds(double center, double sigma, double value, double threshold, boolean upper) {
        double d = upper ? value - center : center - value;
        return d / Math.max(sigma, EPS) > threshold;
    }

    /**
     * Median of |v[j] − median| over the monotone run v[from..to): the deviations fall from the run's start to its
     * middle and rise after it, so they form two sorted sequences (the first half read backwards, the second half
     * forwards), and the median deviation is an order statistic of their union, found by bisection in O(log m).
     * ESD asks for it once per candidate, so a linear merge made the test quadratic in the series length.
     */
    static double sortedMad(double[] v, int from, int to, double median) {
        int m = to - from;
        int half = m / 2;
        double cur = kthDeviation(v, from, half, to, median, half + 1);
        if (m % 2 == 1) {
            return cur;
        }
        return 0.5 * (kthDeviation(v, from, half, to, median, half) + cur);
    }

    /**
     * The k-th smallest (1-based) of A ∪ B, A[i] = |v[from + half − 1 − i] − median| (i &lt; half) and
     * B[j] = |v[from + half + j] − median| (j &lt; to − from − half), both ascending.
     */
    private static double kthDeviation(double[] v, int from, int half, int to, double median, int k) {
        int lenA = half;
        int lenB = to - from - half;
        int lo = Math.max(0, k - lenB);
        int hi = Math.min(k, lenA);
        while (lo < hi) {
            int i = (lo + hi) >>> 1; // take i from A and k − i from B
            if (Math.abs(v[from + half - 1 - i] - median) < Math.abs(v[from + half + (k - i - 1)] - median)) {
                lo = i + 1; // A[i] lies below the k-th: take more of A
            } else {
                hi = i;
            }
        }
        double fromA = lo > 0 ? Math.abs(v[from + half - lo] - median) : Double.NEGATIVE_INFINITY;
        double fromB = k - lo > 0 ? Math.abs(v[from + half + (k - lo - 1)] - median) : Double.NEGATIVE_INFINITY;
        return Math.max(fromA, fromB);
    }

    /** Among the {@code max} most extreme values of one tail, those beyond 3 robust standard deviations. */
    static List<Integer> zScore(double[] sorted, Integer[] order, int max, boolean upper) {
        int n = sorted.length;
        double center = Filters.median(sorted);
        double scale = Filters.mad(sorted) / MAD_CONSTANT;
        if (scale == 0) {
            double mean = Arrays.stream(sorted).average().orElse(0);
            double ss = 0;
            for (double s : sorted) {
                ss += (s - mean) * (s - mean);
            }
            scale = Math.sqrt(ss / n);
            center = mean;
        }
        List<Integer> out = new ArrayList<>();
        if (scale == 0) {
            return out;
        }
        for (int i = 0; i < Math.min(max, n); i++) {
            int s = upper ? n - 1 - i : i;
            if (Math.abs(sorted[s] - center) / scale > Z_THRESHOLD) {
                out.add(order[s]);
            }
        }
        return out;
    }

    /**
     * Rank-sum merge of detectors' picks, most extreme first in each: detector i's k-th pick scores k + i·n, a point
     * another detector already picked adds k instead; the {@code max} lowest scores win (ties in first-pick order).
     */
    static List<Integer> merge(List<List<Integer>> picks, int max, int n) {
        Map<Integer, Integer> score = new LinkedHashMap<>();
        for (int i = 0; i < picks.size(); i++) {
            List<Integer> p = picks.get(i);
            for (int k = 0; k < p.size(); k++) {
                Integer idx = p.get(k);
                Integer old = score.get(idx);
                score.put(idx, old == null ? k + i * n : old + k);
            }
        }
        List<Integer> keys = new ArrayList<>(score.keySet());
        keys.sort(Comparator.comparingInt(score::get)); // stable
        return keys.subList(0, Math.min(max, keys.size()));
    }

    /** Linear interpolation over NaN entries; ends take the nearest known value. */
    static double[] interpolate(double[] y) {
        int n = y.length;
        double[] out = y.clone();
        int prev = -1;
        for (int i = 0; i <= n; i++) {
            if (i < n && Double.isNaN(out[i])) {
                continue;
            }
            if (i - prev > 1) {
                for (int j = prev + 1; j < i; j++) {
                    if (prev < 0 && i < n) {
                        out[j] = out[i];
                    } else if (i >= n && prev >= 0) {
                        out[j] = out[prev];
                    } else if (prev >= 0) {
                        out[j] = out[prev] + (out[i] - out[prev]) * (j - prev) / (i - prev);
                    }
                }
            }
            prev = i;
        }
        return out;
    }

    /** Spline trend with a window of 2p − 1 for the guessed period p. Fewer than 6 points: their mean. */
    static double[] trend(double[] y) {
        int n = y.length;
        if (n < 6) {
            return SplineTrend.fit(y);
        }
        int p = guessTrendPeriod(y);
        int window = p <= 1 ? Math.min(n / 3, 512) : (p * 2 / 2) * 2 - 1;
        return SplineTrend.fit(y, window);
    }

    /**
     * The dominant period of a trended series: subtract a broad median trend (window 2·P − 1, straightened ends,
     * P = min(n/3, 512)), take the peaks of a Welch periodogram within 0.9 of the highest between 4 and P, and
     * return their power-weighted mean period (P when the spectrum is flat zero).
     */
    static int guessTrendPeriod(double[] y) {
        int n = y.length;
        int maxPeriod = Math.min(n / 3, 512);
        int window = 2 * maxPeriod - 1;
        double[] broad = SplineTrend.straightenEnds(centredMedian(y, window), window);
        double[] detrended = new double[n];
        for (int i = 0; i < n; i++) {
            detrended[i] = y[i] - broad[i];
        }
        double[] peaks = periodogramPeaks(detrended, 4, maxPeriod, 0.9);
        if (peaks == null) {
            return maxPeriod;
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < peaks.length; i += 2) {
            num += peaks[i] * peaks[i + 1];
            den += peaks[i + 1];
        }
        return (int) Math.rint(num / den);
    }

    /** Median over a centred odd window; points without a full window keep their value. */
    static double[] centredMedian(double[] y, int window) {
        int n = y.length;
        int w = window / 2 * 2 + 1;
        double[] out = y.clone();
        if (n < w || w < 1) {
            return out;
        }
        int half = w / 2;
        double[] win = Arrays.copyOfRange(y, 0, w);
        Arrays.sort(win);
        for (int i = half; i < n - half; i++) {
            if (i > half) {
                // slide: drop y[i−half−1], add y[i+half] in the sorted window
                double drop = y[i - half - 1];
                int at = Arrays.binarySearch(win, drop);
                System.arraycopy(win, at + 1, win, at, w - at - 1);
                double add = y[i + half];
                int pos = Arrays.binarySearch(win, 0, w - 1, add);
                if (pos < 0) {
                    pos = -pos - 1;
                }
                System.arraycopy(win, pos, win, pos + 1, w - 1 - pos);
                win[pos] = add;
            }
            out[i] = win[half];
        }
        return out;
    }

    /**
     * Welch periodogram (periodic Hann window, segments of min(2·maxPeriod, n/2) points overlapping by half, each
     * minus its mean, spectrum scaling), evaluated at the integer periods round(L/k); periods that round alike keep
     * their highest power, the period L = min(2·maxPeriod, ⌊n/2⌋) itself is zeroed (the segment-length artifact;
     * the current {@code seasonal} release takes ⌊n/2⌋, and the service's golden expected values follow it), and the
     * range is cut to [minPeriod, maxPeriod] plus the
     * first period above maxPeriod. Returns {period, power} pairs of the peaks scoring at least thresh × the best,
     * best first, or null when every power is (close to) zero.
     */
    static double[] periodogramPeaks(double[] y, int minPeriod, int maxPeriod, double thresh) {
        int n = y.length;
        int len = Math.min(maxPeriod * 2, n / 2);
        if (len < 2) {
            return null;
        }
        int step = len - len / 2;
        int segments = (n - len) / step + 1;
        double[] w = new double[len];
        double wsum = 0;
        for (int i = 0; i < len; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / len);
            wsum += w[i];
        }
        int bins = len / 2;
        double[] power = new double[bins + 1];
        double[] seg = new double[len];
        for (int s = 0; s < segments; s++) {
            int off = s * step;
            double mean = 0;
            for (int i = 0; i < len; i++) {
                mean += y[off + i];
            }
            mean /= len;
            for (int i = 0; i < len; i++) {
                seg[i] = (y[off + i] - mean) * w[i];
            }
            for (int k = 1; k <= bins; k++) {
                double re = 0;
                double im = 0;
                double c = Math.cos(2 * Math.PI * k / len);
                double sn = Math.sin(2 * Math.PI * k / len);
                double cr = 1;
                double ci = 0;
                for (int i = 0; i < len; i++) {
                    re += seg[i] * cr;
                    im -= seg[i] * ci;
                    double t = cr * c - ci * sn;
                    ci = cr * sn + ci * c;
                    cr = t;
                }
                double p = (re * re + im * im) / (wsum * wsum);
                if (!(len % 2 == 0 && k == bins)) {
                    p *= 2;
                }
                power[k] += p / segments;
            }
        }
        // periods in descending order (k = 1..bins), merging equal rounded periods
        List<double[]> list = new ArrayList<>();
        for (int k = 1; k <= bins; k++) {
            int period = (int) Math.rint((double) len / k);
            if (!list.isEmpty() && list.get(list.size() - 1)[0] == period) {
                double[] last = list.get(list.size() - 1);
                last[1] = Math.max(last[1], power[k]);
            } else {
                list.add(new double[]{period, power[k]});
            }
        }
        for (double[] e : list) {
            if (e[0] == len) {
                e[1] = 0;
            }
        }
        int atLeastMax = 0;
        int belowMin = 0;
        for (double[] e : list) {
            if (e[0] >= maxPeriod) {
                atLeastMax++;
            }
            if (e[0] < minPeriod) {
                belowMin++;
            }
        }
        int from = Math.max(atLeastMax - 1, 0);
        int to = list.size() - belowMin;
        if (belowMin == 0 || from >= to) {
            return null;
        }
        List<double[]> kept = new ArrayList<>();
        boolean allZero = true;
        double best = 0;
        for (int i = from; i < to; i++) {
            double[] e = list.get(i).clone();
            kept.add(e);
            allZero &= Math.abs(e[1]) <= 1e-8;
            best = Math.max(best, e[1]);
        }
        if (allZero) {
            return null;
        }
        double keep = best * thresh;
        List<Double> out = new ArrayList<>();
        while (true) {
            int arg = 0;
            for (int i = 1; i < kept.size(); i++) {
                if (kept.get(i)[1] > kept.get(arg)[1]) {
                    arg = i;
                }
            }
            if (kept.get(arg)[1] < keep || kept.get(arg)[1] == 0) {
                break;
            }
            out.add(kept.get(arg)[0]);
            out.add(kept.get(arg)[1]);
            kept.get(arg)[1] = 0;
        }
        return out.isEmpty() ? null : out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

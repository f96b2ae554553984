package dev.vigil.query;

import dev.vigil.storage.WindowView;
import java.util.ArrayList;
import java.util.List;

/**
 * Thins a chart's windows to about {@code maxPoints} without hiding what an operator looks for: the range is cut
 * into {@code maxPoints / 2} equal buckets and each keeps its lowest and highest window (by the plotted value), so
 * spikes and dips survive; every anomalous window is kept as well, so the result may exceed {@code maxPoints} by
 * the number of anomalies. Kept windows are returned unchanged, in time order.
 */
final class ExtremesSampler {

    private ExtremesSampler() {
    }

    /** The input itself when it has at most {@code maxPoints} windows; {@code maxPoints} must be at least 2. */
    static List<WindowView> sample(List<WindowView> windows, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("maxPoints must be at least 2");
        }
        int n = windows.size();
        if (n <= maxPoints) {
            return windows;
        }
        boolean[] keep = new boolean[n];
        int buckets = maxPoints / 2;
        for (int b = 0; b < buckets; b++) {
            int lo = (int) ((long) b * n / buckets);
            int hi = (int) ((long) (b + 1) * n / buckets);
            int min = lo;
            int max = lo;
            for (int i = lo + 1; i < hi; i++) {
                double v = windows.get(i).plotted();
                if (v < windows.get(min).plotted()) {
                    min = i;
                }
                if (v > windows.get(max).plotted()) {
                    max = i;
                }
            }
            keep[min] = true;
            keep[max] = true;
        }
        List<WindowView> out = new ArrayList<>(maxPoints);
        for (int i = 0; i < n; i++) {
            if (keep[i] || windows.get(i).anomaly()) {
                out.add(windows.get(i));
            }
        }
        return out;
    }
}

package dev.vigil.alerting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.apache.commons.math3.special.Beta;

/**
 * Chooses the dimension value that one incident of many entities is about, among anomalies that came within one
 * coincidence span: a value (or the whole fleet, the empty scope: every series with dimensions) is a candidate
 * when at least {@code minEntities} entities are anomalous with it and independent false alarms would rarely make
 * that many: {@code P(X >= k) <= significance} for {@code X ~ Binomial(n, q)}, {@code k} its anomalous entities,
 * {@code n} its series (each series can flag by chance; counting entities, at most one per entity, keeps the test
 * conservative), {@code q = 1 - (1 - p)^w} the chance that one series flags in the span's {@code w} windows at the
 * measured per-window false-alarm rate {@code p} ({@link ChanceFlags}). A candidate is <em>uniformly affected</em>
 * when no narrower candidate explains its excess: after taking away the anomalous entities and the series of any
 * narrower value held by at least {@code minEntities} of them, what is left still passes the test. Of the uniformly
 * affected candidates the broadest (most series: the fleet before a region before a feeder) is chosen; a feeder
 * sag makes its region and the fleet significant too, but neither is uniform, as the rest of them is quiet.
 * Plain logic, deterministic for the same input; not thread-safe.
 */
final class SharedScope {

    private final int minEntities;
    private final double significance;
    private final ToLongFunction<Map<String, String>> seriesIn;

    /**
     * @param seriesIn how many series of the whole fleet a scope holds (the empty scope: every series with
     *                 dimensions)
     */
    SharedScope(int minEntities, double significance, ToLongFunction<Map<String, String>> seriesIn) {
        this.minEntities = minEntities;
        this.significance = significance;
        this.seriesIn = seriesIn;
    }

    /**
     * The broadest uniformly affected scope of these anomalies over a span of {@code windows} windows, or null: a
     * map of one dimension value, or the empty map for the fleet; {@code chancePerWindow} is the chance that one
     * series flags a window by chance.
     */
    Map<String, String> choose(List<IncidentGrouper.Anomaly> anomalies, int windows, double chancePerWindow) {
        double q = 1 - Math.pow(1 - chancePerWindow, Math.max(1, windows));
        Map<Map<String, String>, Set<Map<String, String>>> anomalous = new LinkedHashMap<>();
        for (IncidentGrouper.Anomaly a : anomalies) {
            if (a.dimensions().isEmpty()) {
                continue;
            }
            anomalous.computeIfAbsent(Map.of(), k -> new HashSet<>()).add(a.entity());
            for (Map.Entry<String, String> d : new TreeMap<>(a.dimensions()).entrySet()) {
                anomalous.computeIfAbsent(Map.of(d.getKey(), d.getValue()), k -> new HashSet<>()).add(a.entity());
            }
        }
        Map<Map<String, String>, Long> size = new HashMap<>();
        List<Map<String, String>> candidates = new ArrayList<>();
        for (Map.Entry<Map<String, String>, Set<Map<String, String>>> e : anomalous.entrySet()) {
            int k = e.getValue().size();
            if (k >= minEntities) {
                long n = Math.max(k, seriesIn.applyAsLong(e.getKey()));
                size.put(e.getKey(), n);
                if (significant(n, k, q)) {
                    candidates.add(e.getKey());
                }
            }
        }
        candidates.sort(Comparator.<Map<String, String>>comparingLong(size::get).reversed()
                .thenComparingInt(v -> -anomalous.get(v).size()).thenComparing(Object::toString));
        for (Map<String, String> v : candidates) {
            if (uniform(v, candidates, anomalous, size, q)) {
                return v;
            }
        }
        return null;
    }

    private boolean uniform(Map<String, String> v, List<Map<String, String>> candidates,
                            Map<Map<String, String>, Set<Map<String, String>>> anomalous,
                            Map<Map<String, String>, Long> size, double q) {
        Set<Map<String, String>> in = anomalous.get(v);
        long n = size.get(v);
        for (Map<String, String> u : candidates) {
            if (size.get(u) >= n) {
                continue;
            }
            Set<Map<String, String>> both = new HashSet<>(anomalous.get(u));
            both.retainAll(in);
            if (both.size() < minEntities) {
                continue;
            }
            int rest = in.size() - both.size();
            // taking series away only makes the rest more significant: count them only when it matters
            if (significant(n, rest, q)) {
                continue;
            }
            Map<String, String> overlap = new TreeMap<>(v);
            overlap.putAll(u);
            if (!significant(n - seriesIn.applyAsLong(overlap), rest, q)) {
                return false;
            }
        }
        return true;
    }

    /** Whether k or more of n series flagging, each with chance q, is rarer than the significance. */
    private boolean significant(long n, int k, double q) {
        return k > 0 && k <= n && (q <= 0 || Beta.regularizedBeta(q, k, n - k + 1.0) <= significance);
    }
}

package dev.vigil.alerting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import dev.vigil.storage.RootCauseRanking;
import dev.vigil.storage.RootCauseRanking.CombinationCause;
import dev.vigil.storage.RootCauseRanking.DimensionCause;
import dev.vigil.storage.RootCauseRanking.SeriesCause;

/**
 * Ranks what explains an incident, after Metrics Advisor's incident tree: a dimension value explains the incident
 * as far as it covers the incident's entities and the incident covers the value's entities,
 * {@code score = (anomalous with it / anomalous) * (anomalous with it / all with it)}. A feeder whose every meter
 * sags scores 1; its region, where one meter in five sags, 0.2; one meter of the fifty 0.02. The metric counts as a
 * dimension, by series. A fault that follows two dimensions (the api hosts of one region) leaves each value alone
 * with a middling score, so pairs of the best {@value #PAIRED} values are scored the same way, counting the entities
 * with both, and kept where the pair scores above either of its values. Series are ranked by their share of the
 * incident's summed severity. Group anomalies (parts without a metric) count for their entity's dimension values
 * only: their entity is the meter its series share. Plain logic.
 */
final class RootCause {

    /** The best single values that are paired: 10 pairs at most, each one count of the fleet. */
    static final int PAIRED = 5;

    /** One series of the incident and its anomalies. */
    record SeriesPart(String seriesId, String seriesKey, String metric, Map<String, String> dimensions,
                      double severitySum, double peakSeverity, int anomalies) {
    }

    private RootCause() {
    }

    /**
     * @param entitiesWith all entities of the fleet with every one of some dimension values (one or two)
     * @param seriesWith   all series of the fleet with a metric
     */
    static RootCauseRanking rank(List<SeriesPart> parts, ToLongFunction<Map<String, String>> entitiesWith,
                        ToLongFunction<String> seriesWith) {
        Set<Map<String, String>> entities = new HashSet<>();
        Map<Map.Entry<String, String>, Set<Map<String, String>>> byValue = new TreeMap<>(
                Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        Map<String, Integer> byMetric = new TreeMap<>();
        double total = 0;
        List<SeriesPart> series = parts.stream().filter(p -> p.metric() != null).toList();
        for (SeriesPart p : parts) {
            Map<String, String> entity = !p.dimensions().isEmpty() ? p.dimensions()
                    : p.metric() != null ? Map.of("metric", p.metric()) : Map.of(IncidentGrouper.GROUP, p.seriesKey());
            entities.add(entity);
            p.dimensions().forEach((k, v) -> byValue.computeIfAbsent(Map.entry(k, v), x -> new HashSet<>()).add(entity));
            if (p.metric() != null) {
                byMetric.merge(p.metric(), 1, Integer::sum);
                total += p.severitySum();
            }
        }
        List<DimensionCause> dims = new ArrayList<>();
        byValue.forEach((kv, with) -> {
            long all = Math.max(with.size(), entitiesWith.applyAsLong(Map.of(kv.getKey(), kv.getValue())));
            dims.add(new DimensionCause(kv.getKey(), kv.getValue(),
                    (double) with.size() / entities.size() * with.size() / all, with.size(), all));
        });
        Map<String, Integer> seriesCount = new HashMap<>(byMetric);
        seriesCount.forEach((metric, n) -> {
            long all = Math.max(n, seriesWith.applyAsLong(metric));
            dims.add(new DimensionCause(IncidentGrouper.METRIC, metric, (double) n / series.size() * n / all, n, all));
        });
        dims.sort(Comparator.comparingDouble(DimensionCause::score).reversed()
                .thenComparing(DimensionCause::key).thenComparing(DimensionCause::value));
        List<CombinationCause> pairs = pairs(dims, byValue, entities.size(), entitiesWith);
        double sum = total;
        List<SeriesCause> ranked = series.stream()
                .map(p -> new SeriesCause(p.seriesId(), p.seriesKey(), sum > 0 ? p.severitySum() / sum : 0,
                        p.peakSeverity(), p.anomalies()))
                .sorted(Comparator.comparingDouble(SeriesCause::share).reversed().thenComparing(SeriesCause::seriesKey))
                .limit(20).toList();
        return new RootCauseRanking(List.copyOf(dims.subList(0, Math.min(10, dims.size()))), ranked, pairs);
    }

    /** The three best pairs of two of the best values (different keys, at least two entities with both). */
    private static List<CombinationCause> pairs(List<DimensionCause> ranked,
                                                Map<Map.Entry<String, String>, Set<Map<String, String>>> byValue,
                                                int anomalous, ToLongFunction<Map<String, String>> entitiesWith) {
        List<DimensionCause> best = ranked.stream().filter(d -> !IncidentGrouper.METRIC.equals(d.key()))
                .filter(d -> d.anomalous() >= 2).limit(PAIRED).toList();
        List<CombinationCause> out = new ArrayList<>();
        for (int i = 0; i < best.size(); i++) {
            for (int j = i + 1; j < best.size(); j++) {
                DimensionCause a = best.get(i);
                DimensionCause b = best.get(j);
                if (a.key().equals(b.key())) {
                    continue;
                }
                Set<Map<String, String>> both = new HashSet<>(byValue.get(Map.entry(a.key(), a.value())));
                both.retainAll(byValue.get(Map.entry(b.key(), b.value())));
                if (both.size() < 2) {
                    continue;
                }
                Map<String, String> values = new TreeMap<>(Map.of(a.key(), a.value(), b.key(), b.value()));
                long all = Math.max(both.size(), entitiesWith.applyAsLong(values));
                double score = (double) both.size() / anomalous * both.size() / all;
                if (score > Math.max(a.score(), b.score()) + 1e-12) {
                    out.add(new CombinationCause(values, score, both.size(), all));
                }
            }
        }
        out.sort(Comparator.comparingDouble(CombinationCause::score).reversed()
                .thenComparing(c -> c.dimensions().toString()));
        return List.copyOf(out.subList(0, Math.min(3, out.size())));
    }
}

package dev.vigil.alerting;

import dev.vigil.storage.AlertRule;
import dev.vigil.storage.AlertRule.Breach;
import dev.vigil.storage.AlertRule.Change.Back;
import dev.vigil.storage.AlertRule.Limits;
import dev.vigil.storage.EarlierValues;
import dev.vigil.storage.EarlierValues.At;
import dev.vigil.storage.Json;
import dev.vigil.storage.RuleStore;
import dev.vigil.storage.ScoringStore.PendingWindow;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The conditions the enabled alert rules set on the values of the series they cover, whatever the detector learned:
 * fixed limits (README "Limits") and changes against an earlier window (README "Changes").
 */
@ApplicationScoped
public class RuleConditions {

    private final RuleStore rules;
    private final EarlierValues earlier;

    public RuleConditions(RuleStore rules, EarlierValues earlier) {
        this.rules = rules;
        this.earlier = earlier;
    }

    /** The limits the enabled rules set now for a series of this metric and these dimensions (null: none). */
    public Limits limits(String metric, Map<String, String> dimensions) {
        return Limits.of(AlertRule.inForce(rules.enabled().stream().filter(r -> r.covers(metric, dimensions))
                .toList()).stream().filter(r -> r.limits() != null).toList());
    }

    /**
     * What each window of the chunk breaks (null: nothing), by the rules as they are now: the rules are read once
     * per chunk and matched once per series; the earlier values changes are measured against are read in one query
     * per distinct place they lie ({@code windows} or {@code ago}) among the covering rules. A rule in maintenance still sets its conditions: its
     * results are kept, it only does not alert.
     */
    public Function<PendingWindow, Breach> forChunk(List<PendingWindow> pending) {
        List<AlertRule> enabled = rules.enabled();
        if (enabled.stream().noneMatch(r -> r.limits() != null || r.change() != null)) {
            return w -> null;
        }
        // an override covering a series puts the conditions of the rules it overrides out of force there too
        List<AlertRule> conditional = enabled.stream()
                .filter(r -> r.limits() != null || r.change() != null || r.override()).toList();
        Map<Long, List<AlertRule>> covering = new HashMap<>();
        Map<Back, List<At>> asked = new HashMap<>();
        for (PendingWindow w : pending) {
            List<AlertRule> mine = covering.computeIfAbsent(w.seriesId(), id -> {
                Map<String, String> dims = Json.dimensions(w.dimensionsJson());
                return AlertRule.inForce(conditional.stream().filter(r -> r.covers(w.metric(), dims)).toList())
                        .stream().filter(r -> r.limits() != null || r.change() != null).toList();
            });
            mine.stream().filter(r -> r.change() != null).map(r -> r.change().back()).distinct()
                    .forEach(b -> asked.computeIfAbsent(b, k -> new ArrayList<>()).add(at(w)));
        }
        Map<Back, Map<At, Double>> values = new HashMap<>();
        asked.forEach((b, windows) -> values.put(b, earlier.at(windows, b)));
        return w -> {
            List<AlertRule> mine = covering.getOrDefault(w.seriesId(), List.of());
            return mine.isEmpty() ? null
                    : Breach.of(mine, w.value(), b -> values.getOrDefault(b, Map.of()).get(at(w)));
        };
    }

    private static At at(PendingWindow w) {
        return new At(w.seriesId(), w.start());
    }
}

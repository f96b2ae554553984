package dev.vigil.alerting;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.alerting.AlertGate.Flagged;
import dev.vigil.alerting.GroupAlerts.GroupAnomaly;
import dev.vigil.scheduling.DetectionConfig;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.Json;
import dev.vigil.storage.RuleStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which rules decide a flagged window: the enabled stored rules covering its series, or the default rule from
 * {@code vigil.alerting.*} when none does; where an override covers the series, it decides instead of the rules that
 * take every flag ({@link AlertRule#deciding}). A group entity's window is covered by the stored rules scoped to its
 * group, else by the default rule fitted to the group's step.
 */
@ApplicationScoped
public class RuleCoverage {

    private final RuleStore rules;
    private final AlertConfig config;
    private final DetectionConfig detection;

    public RuleCoverage(RuleStore rules, AlertConfig config, DetectionConfig detection) {
        this.rules = rules;
        this.config = config;
        this.detection = detection;
    }

    /** The rule applied to series that no stored rule covers, from {@code vigil.alerting.*}. */
    public AlertRule defaultRule() {
        return defaultRule(config);
    }

    /** The enabled stored overrides but the one named {@code except} (a stored rule previewed for an edit). */
    public List<AlertRule> overrides(String except) {
        return rules.enabled().stream().filter(r -> r.override() && !r.name().equals(except)).toList();
    }

    static AlertRule defaultRule(AlertConfig config) {
        AlertConfig.DefaultRule d = config.defaultRule();
        return new AlertRule(0, AlertRule.DEFAULT_NAME, null, null, Map.of(), config.minSeverity(), d.direction(),
                d.minConsecutive(), d.snooze(), d.maxPerHour(), List.of(), true, d.confirmBelow(), d.confirmWindows());
    }

    /**
     * The windows of {@code flagged} the rules decide, in the order they decide them, each with the rules covering
     * it; empty when none is decided.
     */
    Map<Flagged, List<AlertRule>> covering(List<Flagged> flagged) {
        List<AlertRule> stored = rules.enabled();
        AlertRule fallback = defaultRule();
        Map<Flagged, List<AlertRule>> covering = new LinkedHashMap<>();
        // a continuing window is only ever decided where its event reaches a rule's minConsecutive: the rest of a
        // long event (a fleet-wide outage of hours) costs the rules nothing
        Set<Integer> asked = new HashSet<>(List.of(fallback.minConsecutive()));
        stored.forEach(r -> asked.add(r.minConsecutive()));
        asked.remove(1);
        List<Flagged> ordered = new ArrayList<>(flagged.stream()
                .filter(f -> !f.continues() || f.replayed() || asked.contains(f.event().windows())).toList());
        // window time first, so that the hourly cap is spent in the order the anomalies happened
        ordered.sort(Comparator.comparing((Flagged f) -> f.window().start()).thenComparing(f -> f.window().seriesId()));
        for (Flagged f : ordered) {
            Map<String, String> dims = dimensions(f.window().dimensionsJson());
            covering.put(f, AlertRule.deciding(stored.stream()
                    .filter(r -> r.covers(f.window().metric(), dims)).toList(), fallback, f.reference() != null));
        }
        return covering;
    }

    /**
     * The rules deciding each of {@code flagged} group windows, in their order: the enabled stored rules scoped to its
     * group whose dimension filter its entity matches, else the default rule; each fitted to the group's step as a
     * coarse series' rules are ({@link DecisionLedger#fitted}): on a daily group an hour's snooze never applies, and
     * every day of one fault would alert.
     */
    List<List<AlertRule>> coveringEntities(List<GroupAnomaly> flagged) {
        List<AlertRule> stored = rules.enabled();
        AlertRule fallback = defaultRule();
        List<List<AlertRule>> covering = new ArrayList<>();
        for (GroupAnomaly a : flagged) {
            List<AlertRule> mine = stored.stream().filter(r -> r.coversEntity(a.result().group(), a.dimensions()))
                    .toList();
            Duration step = a.window();
            covering.add((mine.isEmpty() ? List.of(fallback) : mine).stream()
                    .map(r -> DecisionLedger.fitted(r, step, detection.coarseStep())).toList());
        }
        return covering;
    }

    static Map<String, String> dimensions(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<>() { });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("series dimensions are stored as JSON", e);
        }
    }
}

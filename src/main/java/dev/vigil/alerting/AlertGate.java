package dev.vigil.alerting;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.DecisionStore;
import dev.vigil.storage.DecisionStore.Decision;
import dev.vigil.storage.FeedbackStore;
import dev.vigil.storage.FeedbackStore.Dismissal;
import dev.vigil.storage.Json;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.storage.RuleStore;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.ResultRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Applies the alert rules when the outbox is written, in the scoring transaction: for each flagged window every
 * rule covering its series (the default rule when none does) decides an {@link Outcome}, which is stored. A window
 * scored again finds its decisions and repeats them, so re-scoring sends nothing new and nothing twice. Snooze,
 * consecutive windows and the hourly cap are counted in window time from stored decisions and results, never from
 * the clock, so a backfill decides as live data would have.
 */
@ApplicationScoped
public class AlertGate {

    /** A window the detector flagged, with its stored result. */
    public record Flagged(PendingWindow window, ResultRow result) {
    }

    private final RuleStore rules;
    private final DecisionStore decisions;
    private final FeedbackStore feedback;
    private final AlertEvents events;
    private final AlertConfig config;

    public AlertGate(RuleStore rules, DecisionStore decisions, FeedbackStore feedback, AlertEvents events,
                     AlertConfig config) {
        this.rules = rules;
        this.decisions = decisions;
        this.feedback = feedback;
        this.events = events;
        this.config = config;
    }

    /** The rule applied to series that no stored rule covers, from {@code vigil.alerting.*}. */
    public AlertRule defaultRule() {
        return defaultRule(config);
    }

    static AlertRule defaultRule(AlertConfig config) {
        AlertConfig.DefaultRule d = config.defaultRule();
        return new AlertRule(0, "default", null, null, Map.of(), config.minSeverity(), d.direction(), d.minConsecutive(),
                d.snooze(), d.maxPerHour(), List.of(), true, d.confirmBelow(), d.confirmWindows());
    }

    /**
     * Decides, stores the decisions and returns the events to publish. Call after the chunk's results are saved,
     * in the same transaction.
     */
    public List<OutboxRow> decide(List<Flagged> flagged, Duration size) {
        if (flagged.isEmpty()) {
            return List.of();
        }
        List<AlertRule> stored = rules.enabled();
        AlertRule fallback = defaultRule();
        Map<Flagged, List<AlertRule>> covering = new LinkedHashMap<>();
        TreeSet<Long> ruleIds = new TreeSet<>();
        List<Flagged> ordered = new ArrayList<>(flagged);
        // window time first, so that the hourly cap is spent in the order the anomalies happened
        ordered.sort(Comparator.comparing((Flagged f) -> f.window().start()).thenComparing(f -> f.window().seriesId()));
        for (Flagged f : ordered) {
            Map<String, String> dims = dimensions(f.window().dimensionsJson());
            List<AlertRule> mine = stored.stream().filter(r -> r.covers(f.window().metric(), dims)).toList();
            mine = mine.isEmpty() ? List.of(fallback) : mine;
            covering.put(f, mine);
            mine.forEach(r -> ruleIds.add(r.id()));
        }
        decisions.lockRules(List.copyOf(ruleIds));
        Map<Long, List<Dismissal>> dismissals = feedback.dismissals(
                ordered.stream().map(f -> f.window().seriesId()).distinct().toList());
        List<OutboxRow> out = new ArrayList<>();
        for (Map.Entry<Flagged, List<AlertRule>> e : covering.entrySet()) {
            Flagged f = e.getKey();
            Map<Long, String> before = decisions.existing(f.window().seriesId(), f.window().start());
            List<String> alerted = new ArrayList<>();
            Duration step = null;
            for (AlertRule rule : e.getValue()) {
                Outcome o;
                if (before.containsKey(rule.id())) {
                    o = Outcome.parse(before.get(rule.id()));
                } else {
                    step = step != null ? step : decisions.step(f.window().seriesId(), f.result().detector(),
                            f.window().start(), size);
                    o = RuleJudge.decide(rule, facts(rule, f, step, dismissals.getOrDefault(f.window().seriesId(),
                            List.of())));
                    decisions.add(new Decision(f.window().seriesId(), f.window().start(), rule.id(), o.label(),
                            f.result().severity()), step);
                    Instant hour = f.window().start().truncatedTo(ChronoUnit.HOURS);
                    if (o == Outcome.CAPPED && decisions.count(rule.id(), o.label(), hour, Duration.ofHours(1), 2) == 1) {
                        out.add(events.capped(rule, hour, f.window()));
                    }
                }
                if (o == Outcome.ALERTED) {
                    alerted.add(rule.name());
                }
            }
            if (!alerted.isEmpty() && config.anomalyEvents()) {
                out.add(events.toAlert(f.window(), f.result(), size, alerted));
            }
        }
        return out;
    }

    /** The facts for one rule; {@code step} is the series' data step, in which windows back are counted. */
    private RuleJudge.Facts facts(AlertRule rule, Flagged f, Duration step, List<Dismissal> dismissed) {
        long series = f.window().seriesId();
        Instant t = f.window().start();
        double deviation = f.result().value() - f.result().expected();
        int consecutive = 1;
        if (rule.minConsecutive() > 1) {
            consecutive += (int) decisions.anomalousBefore(series, f.result().detector(),
                    t.minus(step.multipliedBy(rule.minConsecutive() - 1L)), t);
        }
        boolean companion = RuleJudge.needsCompanion(rule, f.result().severity())
                && decisions.anomalousBefore(series, f.result().detector(),
                        t.minus(step.multipliedBy(rule.confirmWindows())), t) > 0;
        Instant last = rule.snooze().isZero() ? null : decisions.lastAlert(rule.id(), series, t);
        boolean dismissedNow = dismissed.stream().anyMatch(d -> d.covers(t, deviation, config.feedback().tolerance(),
                config.feedback().timeOfDayMargin()));
        long inHour = decisions.count(rule.id(), Outcome.ALERTED.label(), t.truncatedTo(ChronoUnit.HOURS),
                Duration.ofHours(1), rule.maxPerHour());
        return new RuleJudge.Facts(t, f.result().severity(), deviation, consecutive, last, dismissedNow, inHour,
                companion);
    }

    private static Map<String, String> dimensions(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<>() { });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("series dimensions are stored as JSON", e);
        }
    }
}

package dev.vigil.alerting;

import dev.vigil.alerting.AlertRuleResource.RuleView;
import dev.vigil.alerting.GroupEntities.EntityRef;
import dev.vigil.alerting.RulePreview.Preview;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.FeedbackStore;
import dev.vigil.storage.FeedbackStore.GroupDismissal;
import dev.vigil.storage.GroupDecisionStore;
import dev.vigil.storage.GroupResultStore;
import dev.vigil.storage.GroupResultStore.GroupResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@link RulePreview} for a group rule: its entities' stored anomalies decided as {@link GroupAlerts} decides them
 * (the same facts, {@link GroupAlerts#facts}), with runs counted from stored results and snooze and the hourly cap
 * from the preview's own decisions. Windows are decided in window time across entities; the scorer decides each
 * entity's new windows together, so where the hourly cap binds, which entity's window it stops may differ.
 */
@ApplicationScoped
class GroupRulePreview {

    private final GroupResultStore results;
    private final GroupDecisionStore decisions;
    private final FeedbackStore feedback;
    private final GroupEntities entities;
    private final AlertConfig config;

    GroupRulePreview(GroupResultStore results, GroupDecisionStore decisions, FeedbackStore feedback,
                     GroupEntities entities, AlertConfig config) {
        this.results = results;
        this.decisions = decisions;
        this.feedback = feedback;
        this.entities = entities;
        this.config = config;
    }

    Preview preview(AlertRule rule, RuleView shown, Instant from, Instant to, int maxFlagged) {
        Duration step = entities.step(rule.group()).orElseThrow(() -> RuleRequest.unknownGroup(rule.group()));
        // cut short, the newest anomalies are decided: as for a metric rule, the period starts at the window time
        // after the newest one left out (with every other anomaly of its time), whether or not that window is anomalous
        Optional<Instant> leftOut = results.anomalyTimeBeyondNewest(rule.group(), from, to, maxFlagged);
        boolean truncated = leftOut.isPresent();
        Instant start = leftOut.map(t -> t.plus(step)).orElse(from);
        // the windows before the period that a run of minConsecutive ending inside it looks back on; the period
        // holds at most maxFlagged anomalies now
        Instant lookBack = GroupAlerts.runStart(rule, start, step);
        List<GroupResult> rows = results.anomalies(rule.group(), lookBack, to, Integer.MAX_VALUE);
        List<GroupResult> inPeriod = rows.stream().filter(r -> !r.windowStart().isBefore(start)).toList();
        Map<Long, TreeSet<Instant>> anomalous = new HashMap<>();
        rows.forEach(r -> anomalous.computeIfAbsent(id(r), e -> new TreeSet<>()).add(r.windowStart()));
        List<Long> ids = inPeriod.stream().map(GroupRulePreview::id).distinct().toList();
        Map<Long, EntityRef> known = entities.entities(rule.group(), ids);
        Map<Long, List<GroupDismissal>> dismissals = feedback.groupDismissals(rule.group(), ids);
        Map<Long, Instant> lastAlert = new HashMap<>();
        Map<Instant, Long> alertsInHour = new HashMap<>();
        PreviewTally tally = new PreviewTally();
        for (GroupResult r : inPeriod) {
            long entity = id(r);
            EntityRef ref = known.get(entity);
            Instant t = r.windowStart();
            if (ref == null || !rule.coversEntity(rule.group(), ref.dimensions())) {
                continue;
            }
            int consecutive = 1 + anomalous.get(entity).subSet(GroupAlerts.runStart(rule, t, step), t).size();
            Instant hour = t.truncatedTo(ChronoUnit.HOURS);
            Outcome o = RuleJudge.decide(rule, GroupAlerts.facts(r, consecutive,
                    rule.snooze().isZero() ? null : lastAlert.get(entity), alertsInHour.getOrDefault(hour, 0L),
                    dismissals.getOrDefault(entity, List.of()), config));
            if (o == Outcome.ALERTED) {
                lastAlert.put(entity, t);
                alertsInHour.merge(hour, 1L, Long::sum);
            }
            tally.add(entity, ref.key(), t, o);
        }
        Long[] entities = tally.windowSubjects();
        long alertsNow = entities.length == 0 ? 0
                : decisions.alertedWindows(rule.group(), entities, tally.windowStarts());
        // group anomalies form no events (a group rule's consecutive rows are counted from its results)
        return tally.preview(shown, start, to, truncated, alertsNow, RulePreview.EVENTS_NONE);
    }

    private static long id(GroupResult r) {
        return Long.parseLong(r.entityId());
    }
}

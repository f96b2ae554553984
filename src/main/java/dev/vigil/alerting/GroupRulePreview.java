package dev.vigil.alerting;

import dev.vigil.alerting.AlertRuleResource.RuleView;
import dev.vigil.alerting.GroupAnomalyReader.Period;
import dev.vigil.alerting.GroupEntities.EntityRef;
import dev.vigil.alerting.RulePreview.Preview;
import dev.vigil.scheduling.DetectionConfig;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.GroupDecisionStore;
import dev.vigil.storage.GroupResultStore.GroupResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link RulePreview} for a group rule: its entities' stored anomalies decided as {@link GroupAlerts} decides them
 * (the same facts, {@link GroupAlerts#facts}), with runs counted from stored results and snooze and the hourly cap
 * from the preview's own decisions. Windows are decided in window time across entities; the scorer decides each
 * entity's new windows together, so where the hourly cap binds, which entity's window it stops may differ. The rule is
 * fitted to the group's step as the run fits it ({@link DecisionLedger#fitted}).
 */
@ApplicationScoped
class GroupRulePreview {

    private final GroupAnomalyReader anomalies;
    private final GroupDecisionStore decisions;
    private final AlertConfig config;
    private final DetectionConfig detection;

    GroupRulePreview(GroupAnomalyReader anomalies, GroupDecisionStore decisions, AlertConfig config,
                     DetectionConfig detection) {
        this.anomalies = anomalies;
        this.decisions = decisions;
        this.config = config;
        this.detection = detection;
    }

    Preview preview(AlertRule asked, RuleView shown, Instant from, Instant to, int maxFlagged) {
        Period p = anomalies.read(asked, from, to, maxFlagged);
        // on a coarse group the run snoozes at least two steps ({@link RuleCoverage#coveringEntities}): so does this
        AlertRule rule = DecisionLedger.fitted(asked, p.step(), detection.coarseStep());
        Map<Long, Instant> lastAlert = new HashMap<>();
        Map<Instant, Long> alertsInHour = new HashMap<>();
        PreviewTally tally = new PreviewTally();
        for (GroupResult r : p.inPeriod()) {
            long entity = GroupAnomalyReader.id(r);
            EntityRef ref = p.known().get(entity);
            Instant t = r.windowStart();
            if (ref == null || !rule.coversEntity(rule.group(), ref.dimensions())) {
                continue;
            }
            int consecutive = 1 + p.anomalous().get(entity).subSet(GroupAlerts.runStart(rule, t, p.step()), t).size();
            Instant hour = t.truncatedTo(ChronoUnit.HOURS);
            Outcome o = RuleJudge.decide(rule, GroupAlerts.facts(r, consecutive,
                    rule.snooze().isZero() ? null : lastAlert.get(entity), alertsInHour.getOrDefault(hour, 0L),
                    p.dismissals().getOrDefault(entity, List.of()), config));
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
        return tally.preview(shown, p.start(), to, p.truncated(), alertsNow, RulePreview.EVENTS_NONE);
    }
}

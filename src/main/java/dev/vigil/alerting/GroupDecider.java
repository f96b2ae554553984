package dev.vigil.alerting;

import dev.vigil.alerting.GroupAlerts.GroupAnomaly;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.DecisionStore;
import dev.vigil.storage.FeedbackStore;
import dev.vigil.storage.FeedbackStore.GroupDismissal;
import dev.vigil.storage.GroupDecisionStore;
import dev.vigil.storage.GroupDecisionStore.GroupDecision;
import dev.vigil.storage.GroupResultStore.GroupResult;
import dev.vigil.storage.OutboxStore.OutboxRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The stored side of {@link GroupAlerts}: decides a group window under each of its rules from stored rows (earlier
 * decisions, series' and groups' for the hourly cap, and the entity's notAnomaly feedback) and stores the decision;
 * apart so that the alerting of groups needs no collaborator per store.
 */
@ApplicationScoped
class GroupDecider {

    private final GroupDecisionStore decisions;
    private final DecisionStore seriesDecisions;
    private final FeedbackStore feedback;
    private final AlertConfig config;

    GroupDecider(GroupDecisionStore decisions, DecisionStore seriesDecisions, FeedbackStore feedback,
                 AlertConfig config) {
        this.decisions = decisions;
        this.seriesDecisions = seriesDecisions;
        this.feedback = feedback;
        this.config = config;
    }

    /** Takes the rules' locks, as series decisions do, so that the caps they share are counted one at a time. */
    void lockRules(List<Long> ruleIds) {
        seriesDecisions.lockRules(ruleIds);
    }

    /** The notAnomaly patterns of the flagged windows' entities, by group and entity. */
    Map<String, Map<Long, List<GroupDismissal>>> dismissals(List<GroupAnomaly> flagged) {
        Map<String, Map<Long, List<GroupDismissal>>> dismissals = new HashMap<>();
        flagged.stream().collect(Collectors.groupingBy(a -> a.result().group(),
                Collectors.mapping(a -> Long.parseLong(a.result().entityId()), Collectors.toSet())))
                .forEach((group, entities) -> dismissals.put(group, feedback.groupDismissals(group, entities)));
        return dismissals;
    }

    /**
     * Decides window {@code a} under each rule of {@code covering} (a decision already stored stands) and stores the
     * new ones; a rule-hour's first capped decision adds its summary to {@code rows}. Returns the names of the rules
     * that alerted.
     */
    List<String> decide(GroupAnomaly a, List<AlertRule> covering, List<GroupDismissal> dismissed,
                        List<OutboxRow> rows) {
        GroupResult r = a.result();
        long entity = Long.parseLong(r.entityId());
        Map<Long, String> before = decisions.existing(r.group(), entity, r.windowStart());
        List<String> alerted = new ArrayList<>();
        for (AlertRule rule : covering) {
            Outcome o;
            if (before.containsKey(rule.id())) {
                o = Outcome.parse(before.get(rule.id()));
            } else {
                o = RuleJudge.decide(rule, facts(rule, a, entity, dismissed));
                decisions.add(new GroupDecision(r.group(), entity, r.windowStart(), rule.id(), o.label(),
                        r.severity(), a.entityKey(), a.dimensions()), a.window());
                Instant hour = r.windowStart().truncatedTo(ChronoUnit.HOURS);
                if (o == Outcome.CAPPED && capped(rule, hour) == 1) {
                    rows.add(cappedSummary(rule, hour, a));
                }
            }
            if (o == Outcome.ALERTED) {
                alerted.add(rule.name());
            }
        }
        return alerted;
    }

    private RuleJudge.Facts facts(AlertRule rule, GroupAnomaly a, long entity, List<GroupDismissal> dismissed) {
        GroupResult r = a.result();
        Instant t = r.windowStart();
        int consecutive = 1;
        if (rule.minConsecutive() > 1) {
            consecutive += (int) decisions.anomalousBefore(r.group(), entity,
                    GroupAlerts.runStart(rule, t, a.window()), t);
        }
        Instant last = rule.snooze().isZero() ? null : decisions.lastAlert(rule.id(), r.group(), entity, t);
        Instant hour = t.truncatedTo(ChronoUnit.HOURS);
        long inHour = decisions.count(rule.id(), Outcome.ALERTED.label(), hour, Duration.ofHours(1), rule.maxPerHour())
                + seriesDecisions.count(rule.id(), Outcome.ALERTED.label(), hour, Duration.ofHours(1),
                        rule.maxPerHour());
        return GroupAlerts.facts(r, consecutive, last, inHour, dismissed, config);
    }

    /** The rule-hour's capped decisions, series' and groups', counted up to 2 (whether this one is the first). */
    private long capped(AlertRule rule, Instant hour) {
        return decisions.count(rule.id(), Outcome.CAPPED.label(), hour, Duration.ofHours(1), 2)
                + seriesDecisions.count(rule.id(), Outcome.CAPPED.label(), hour, Duration.ofHours(1), 2);
    }

    /** The rule-hour's one summary; the same id as a series cap summary of that hour, so only one is sent. */
    private static OutboxRow cappedSummary(AlertRule rule, Instant hour, GroupAnomaly first) {
        return AlertEvents.cappedSummary(rule, hour, first.entityKey(), first.result().windowStart());
    }
}

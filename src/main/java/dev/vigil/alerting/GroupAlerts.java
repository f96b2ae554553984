package dev.vigil.alerting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.FeedbackStore.GroupDismissal;
import dev.vigil.storage.GroupResultStore.GroupResult;
import dev.vigil.storage.GroupResultStore.VariableContribution;
import dev.vigil.storage.Json;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.OutboxStore.OutboxRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Passes anomalous group windows through the alert rules, as {@link AlertGate} does for series, in the caller's
 * transaction (the scorer's, with the results): every enabled rule scoped to the group whose dimension filter the
 * entity matches (the default rule, fitted to the group's step, when none does: {@link RuleCoverage#coveringEntities})
 * decides an {@link Outcome}, which is stored in
 * {@code group_decision}; a window scored again repeats its decisions. Direction is the top contributor's side of
 * its expected value; a notAnomaly pattern of the entity dismisses anomalies with one of its top contributors first,
 * not clearly stronger, at its time of day; consecutive windows, snooze and the hourly cap count window time from
 * stored rows (the cap and its one summary shared with the rule's series alerts). An alerted window becomes a CloudEvent of type
 * {@value #TYPE} whose id is derived from group, entity and window. What is read and stored per window is in
 * {@link GroupDecider}.
 */
@ApplicationScoped
public class GroupAlerts {

    public static final String TYPE = "dev.vigil.group.anomaly.detected.v1";
    public static final String SOURCE = "/vigil/groups";
    /** Contributors listed in the event, largest first. */
    static final int TOP = 5;

    private final OutboxStore outbox;
    private final RuleCoverage coverage;
    private final GroupDecider decider;
    private final AlertConfig config;

    public GroupAlerts(OutboxStore outbox, RuleCoverage coverage, GroupDecider decider, AlertConfig config) {
        this.outbox = outbox;
        this.coverage = coverage;
        this.decider = decider;
        this.config = config;
    }

    /**
     * One judged window, with what the rules and the event need: the entity's key and dimensions (its {@code by}
     * values and those all its series share), engine and the grid step.
     */
    public record GroupAnomaly(GroupResult result, String entityKey, Map<String, String> dimensions, String engine,
                               int engineVersion, Duration window) {
    }

    /** Decides the anomalous windows among {@code judged}, stores the decisions and queues the events; returns how many. */
    public int queue(List<GroupAnomaly> judged) {
        List<GroupAnomaly> flagged = new ArrayList<>(judged.stream().filter(a -> a.result().anomaly()).toList());
        if (flagged.isEmpty()) {
            return 0;
        }
        // window time first, so that the hourly cap is spent in the order the anomalies happened
        flagged.sort(Comparator.comparing((GroupAnomaly a) -> a.result().windowStart())
                .thenComparing(a -> a.result().entityId()));
        List<List<AlertRule>> covering = coverage.coveringEntities(flagged);
        TreeSet<Long> ids = new TreeSet<>();
        covering.forEach(rules -> rules.forEach(r -> ids.add(r.id())));
        decider.lockRules(List.copyOf(ids));
        Map<String, Map<Long, List<GroupDismissal>>> dismissals = decider.dismissals(flagged);
        List<OutboxRow> rows = new ArrayList<>();
        for (int k = 0; k < flagged.size(); k++) {
            GroupAnomaly a = flagged.get(k);
            List<String> alerted = decider.decide(a, covering.get(k), dismissals.get(a.result().group())
                    .getOrDefault(Long.parseLong(a.result().entityId()), List.of()), rows);
            if (!alerted.isEmpty() && config.anomalyEvents()) {
                rows.add(event(a, alerted));
            }
        }
        outbox.add(rows);
        return (int) rows.stream().filter(row -> row.seriesId() != null).count();
    }

    /** Where the run of windows a rule with {@code minConsecutive} looks back on starts, before window {@code t}. */
    static Instant runStart(AlertRule rule, Instant t, Duration step) {
        return t.minus(step.multipliedBy(rule.minConsecutive() - 1L));
    }

    /**
     * A group anomaly's facts from the counts the caller read: the scorer from stored rows, a rule's preview from
     * stored results and its own decisions.
     */
    static RuleJudge.Facts facts(GroupResult r, int consecutive, Instant last, long inHour,
                                 List<GroupDismissal> dismissed, AlertConfig config) {
        Instant t = r.windowStart();
        VariableContribution top = r.interpretation().isEmpty() ? null : r.interpretation().get(0);
        double deviation = top == null || top.value() == null || top.expected() == null ? Double.NaN
                : top.value() - top.expected();
        // the weak-anomaly confirmation is measured on the series detector's severity (S / (S + 3), 0.5 at its
        // threshold); a group model's severity is 1 - threshold / score (0 at its threshold, set by its own training
        // quantile), so the same number means another thing there: a group anomaly needs no companion
        boolean companion = true;
        boolean dismissedNow = top != null && dismissed.stream().anyMatch(d -> d.covers(t, top.variable(), r.score(),
                config.feedback().tolerance(), config.feedback().timeOfDayMargin()));
        return new RuleJudge.Facts(t, r.severity(), deviation, consecutive, last, dismissedNow, inHour, companion);
    }

    static OutboxRow event(GroupAnomaly a, List<String> alertedBy) {
        GroupResult r = a.result();
        UUID id = UUID.nameUUIDFromBytes(("group|" + r.group() + "|" + r.entityId() + "|" + r.windowStart())
                .getBytes(StandardCharsets.UTF_8));
        ObjectNode data = Json.mapper().createObjectNode()
                .put("group", r.group())
                .put("entityId", r.entityId())
                .put("entityKey", a.entityKey());
        data.set("dimensions", Json.mapper().valueToTree(a.dimensions()));
        data.put("windowStart", r.windowStart().toString())
                .put("windowEnd", r.windowStart().plus(a.window()).toString())
                .put("severity", r.severity())
                .put("score", r.score())
                .put("modelId", r.modelId())
                .put("engine", a.engine())
                .put("engineVersion", a.engineVersion());
        ArrayNode top = data.putArray("topContributors");
        for (VariableContribution c : r.interpretation().subList(0, Math.min(TOP, r.interpretation().size()))) {
            top.add(Json.mapper().valueToTree(c));
        }
        data.set("rules", Json.mapper().valueToTree(alertedBy));
        return new OutboxRow(id, Long.parseLong(r.entityId()), a.entityKey(), AlertEvents.envelope(id, SOURCE, TYPE,
                a.entityKey(), r.windowStart().plus(a.window()), data));
    }
}

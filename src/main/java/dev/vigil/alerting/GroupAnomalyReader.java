package dev.vigil.alerting;

import dev.vigil.alerting.GroupEntities.EntityRef;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.FeedbackStore;
import dev.vigil.storage.FeedbackStore.GroupDismissal;
import dev.vigil.storage.GroupResultStore;
import dev.vigil.storage.GroupResultStore.GroupResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What {@link GroupRulePreview} decides on: a group's stored anomalies over a preview's period, the windows before it
 * that a run of {@code minConsecutive} looks back on, and the entities' references and notAnomaly patterns.
 */
@ApplicationScoped
class GroupAnomalyReader {

    /**
     * A group's anomalies over a period.
     *
     * @param start      where the decided period starts: {@code from}, or later when it was cut short
     * @param inPeriod   the anomalies from {@code start}, oldest first
     * @param anomalous  per entity, the anomalous window starts from the look-back on
     * @param known      the entities of {@code inPeriod} whose series still exist
     * @param dismissals per entity of {@code inPeriod}, its notAnomaly patterns
     */
    record Period(Duration step, Instant start, boolean truncated, List<GroupResult> inPeriod,
                  Map<Long, TreeSet<Instant>> anomalous, Map<Long, EntityRef> known,
                  Map<Long, List<GroupDismissal>> dismissals) {
    }

    private final GroupResultStore results;
    private final FeedbackStore feedback;
    private final GroupEntities entities;

    GroupAnomalyReader(GroupResultStore results, FeedbackStore feedback, GroupEntities entities) {
        this.results = results;
        this.feedback = feedback;
        this.entities = entities;
    }

    /** The rule's group's anomalies in [from, to), the newest {@code maxFlagged} when there are more. */
    Period read(AlertRule rule, Instant from, Instant to, int maxFlagged) {
        Duration step = entities.step(rule.group()).orElseThrow(() -> RuleRequest.unknownGroup(rule.group()));
        // cut short, the newest anomalies are decided: as for a metric rule, the period starts at the window time
        // after the newest one left out (with every other anomaly of its time), whether or not that window is anomalous
        Optional<Instant> leftOut = results.anomalyTimeBeyondNewest(rule.group(), from, to, maxFlagged);
        Instant start = leftOut.map(t -> t.plus(step)).orElse(from);
        // the windows before the period that a run of minConsecutive ending inside it looks back on; the period
        // holds at most maxFlagged anomalies now
        Instant lookBack = GroupAlerts.runStart(rule, start, step);
        List<GroupResult> rows = results.anomalies(rule.group(), lookBack, to, Integer.MAX_VALUE);
        List<GroupResult> inPeriod = rows.stream().filter(r -> !r.windowStart().isBefore(start)).toList();
        Map<Long, TreeSet<Instant>> anomalous = new HashMap<>();
        rows.forEach(r -> anomalous.computeIfAbsent(id(r), e -> new TreeSet<>()).add(r.windowStart()));
        List<Long> ids = inPeriod.stream().map(GroupAnomalyReader::id).distinct().toList();
        return new Period(step, start, leftOut.isPresent(), inPeriod, anomalous, entities.entities(rule.group(), ids),
                feedback.groupDismissals(rule.group(), ids));
    }

    static long id(GroupResult r) {
        return Long.parseLong(r.entityId());
    }
}

package dev.vigil.feedback;

import dev.vigil.feedback.FeedbackTargets.EntityTarget;
import dev.vigil.feedback.FeedbackTargets.Target;
import dev.vigil.feedback.FeedbackTargets.Targets;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.storage.FeedbackStore;
import dev.vigil.storage.FeedbackStore.Dismissal;
import dev.vigil.storage.FeedbackStore.Feedback;
import dev.vigil.storage.FeedbackStore.GroupDismissal;
import dev.vigil.storage.GroupResultStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores feedback with who gave it, and makes it count at once: {@code notAnomaly} records the pattern of the marked
 * windows, which the alert rules then dismiss in later anomalies of the series ({@link Patterns}); {@code
 * changePoint} re-bases the series' detector state under the shard's scoring lock, so the next run judges the new
 * level as normal; a coarse series (judged by the batch engine, which keeps no state) refuses it ({@code
 * NotLearnable}), and an incident keeps it as a label there. {@code anomaly} is kept as a label. Feedback on an incident applies to each of its series over
 * the incident's span; on a group entity (or an incident's group anomalies), {@code notAnomaly} records the
 * entity's pattern, which {@link dev.vigil.alerting.GroupAlerts} dismisses in its later anomalies, and the other
 * kinds are kept as labels. The same feedback given again by the same key is not stored twice: a retry or a second
 * click must not re-base a series twice, and a list of feedback should count acts, not clicks.
 */
@ApplicationScoped
public class FeedbackService {

    /** At most this many results of a marked group range are read (93 days of 5-minute windows). */
    private static final int MARKED_LIMIT = 26_784;

    /**
     * The rows the feedback applies to, one per series and group entity.
     *
     * @param created whether any row is new; false when an identical request had stored them all
     */
    public record Given(List<Feedback> rows, boolean created) {
    }

    private final FeedbackStore feedback;
    private final GroupResultStore groupResults;
    private final FeedbackTargets targets;
    private final SeriesLearner learner;

    FeedbackService(FeedbackStore feedback, GroupResultStore groupResults, FeedbackTargets targets,
                    SeriesLearner learner) {
        this.feedback = feedback;
        this.groupResults = groupResults;
        this.targets = targets;
        this.learner = learner;
    }

    @Transactional
    public Given give(FeedbackRequest r, String givenBy, Duration window, int shards) {
        Targets to = targets.of(r, window);
        feedback.lockGiving();
        List<Long> ids = new ArrayList<>();
        boolean created = false;
        for (EntityTarget t : to.entities()) {
            Long same = feedback.sameGroup(t.entity(), r.incidentId(), t.from(), t.to(), r.kind(), r.comment(),
                    givenBy);
            if (same != null) {
                ids.add(same);
                continue;
            }
            // changePoint on an entity is kept as a label: re-basing a group model is retraining it
            GroupDismissal pattern = "notAnomaly".equals(r.kind()) ? Patterns.groupDismissal(t.entity(),
                    groupResults.results(t.entity().group(), t.entity().entityId(), t.from(), t.to(), false,
                            MARKED_LIMIT), t.entity().step()) : null;
            ids.add(feedback.addGroup(t.entity(), r.incidentId(), t.from(), t.to(), r.kind(), r.comment(), givenBy,
                    pattern));
            created = true;
        }
        for (Target t : to.series()) {
            boolean coarse = learner.coarseStep(t.seriesId()) != null;
            if (coarse && "changePoint".equals(r.kind()) && r.incidentId() == null) {
                throw new RejectedInput(422, "NotLearnable", "kind", "series " + t.seriesId() + " is coarse (judged "
                        + "by the batch engine, README \"Coarse series\"), which keeps no state to re-base: it finds "
                        + "level changes itself from the series' history; give notAnomaly or anomaly instead");
            }
            Long same = feedback.same(t.seriesId(), r.incidentId(), t.from(), t.to(), r.kind(), r.comment(), givenBy);
            if (same != null) {
                ids.add(same);
                continue;
            }
            Dismissal pattern = "notAnomaly".equals(r.kind())
                    ? learner.dismissal(t.seriesId(), t.from(), t.to(), window) : null;
            // an incident's coarse series keep its changePoint as a label: the batch engine has no state to move
            Double delta = "changePoint".equals(r.kind()) && !coarse
                    ? learner.rebase(t.seriesId(), t.from(), window, shards) : null;
            ids.add(feedback.add(t.seriesId(), r.incidentId(), t.from(), t.to(), r.kind(), r.comment(), givenBy,
                    pattern, delta));
            created = true;
        }
        return new Given(feedback.byIds(ids), created);
    }
}

package dev.vigil.feedback;

import dev.vigil.detection.LevelMove;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.scheduling.DetectorChoice;
import dev.vigil.storage.FeedbackStore;
import dev.vigil.storage.FeedbackStore.Dismissal;
import dev.vigil.storage.FeedbackStore.Entity;
import dev.vigil.storage.FeedbackStore.Feedback;
import dev.vigil.storage.FeedbackStore.GroupDismissal;
import dev.vigil.storage.FeedbackStore.Marked;
import dev.vigil.storage.GroupResultStore;
import dev.vigil.storage.IncidentStore;
import dev.vigil.storage.IncidentStore.Incident;
import dev.vigil.storage.ScoringStore;
import dev.vigil.storage.ScoringStore.StoredState;
import dev.vigil.time.IsoDurations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stores feedback with who gave it, and makes it count at once: {@code notAnomaly} records the pattern of the marked
 * windows, which the alert rules then dismiss in later anomalies of the series ({@link Patterns}); {@code
 * changePoint} re-bases the series' detector state under the shard's scoring lock, so the next run judges the new
 * level as normal. {@code anomaly} is kept as a label. Feedback on an incident applies to each of its series over
 * the incident's span; on a group entity (or an incident's group anomalies), {@code notAnomaly} records the
 * entity's pattern, which {@link dev.vigil.alerting.GroupAlerts} dismisses in its later anomalies, and the other
 * kinds are kept as labels.
 */
@ApplicationScoped
public class FeedbackService {

    /** At most this many results of a marked group range are read (93 days of 5-minute windows). */
    private static final int MARKED_LIMIT = 26_784;

    private final FeedbackStore feedback;
    private final GroupResultStore groupResults;
    private final IncidentStore incidents;
    private final ScoringStore scoring;
    private final DetectorChoice choice;

    public FeedbackService(FeedbackStore feedback, GroupResultStore groupResults, IncidentStore incidents,
                           ScoringStore scoring, DetectorChoice choice) {
        this.feedback = feedback;
        this.groupResults = groupResults;
        this.incidents = incidents;
        this.scoring = scoring;
        this.choice = choice;
    }

    /** One series and range that feedback applies to. */
    private record Target(long seriesId, Instant from, Instant to) {
    }

    /** One group entity and range that feedback applies to. */
    private record EntityTarget(Entity entity, Instant from, Instant to) {

        /**
         * A {@code windowStart} is one row of the entity's step (an hourly group's anomaly at 10:00 covers 10:00 to
         * 11:00, not its first 5 minutes) and must start on the step's grid, as the anomaly gives it.
         */
        static EntityTarget of(Entity e, FeedbackRequest r) {
            if (!r.oneWindow()) {
                return new EntityTarget(e, r.from(), r.to());
            }
            if (r.from().getEpochSecond() % e.step().toSeconds() != 0) {
                throw FeedbackRequest.invalid("windowStart", "windowStart must be the start of one of group "
                        + e.group() + "'s rows (a multiple of its step, " + IsoDurations.text(e.step())
                        + "), as its anomaly gives it");
            }
            return new EntityTarget(e, r.from(), r.from().plus(e.step()));
        }
    }

    @Transactional
    public List<Feedback> give(FeedbackRequest r, String givenBy, Duration window, int shards) {
        List<Target> targets = new ArrayList<>();
        List<EntityTarget> entities = new ArrayList<>();
        if (r.incidentId() != null) {
            Incident i = incidents.find(r.incidentId()).orElseThrow(() -> new RejectedInput(404, "UnknownIncident",
                    "incidentId", "no incident " + r.incidentId()));
            Instant end = i.lastWindow().plus(window);
            incidents.parts(i.id()).forEach(p -> targets.add(new Target(p.seriesId(), i.firstWindow(), end)));
            feedback.incidentEntities(i.id()).forEach(e -> entities.add(new EntityTarget(e, i.firstWindow(),
                    i.lastWindow().plus(e.step()))));
        } else if (r.group() != null) {
            Entity e = feedback.entity(r.group(), r.entityId());
            if (e == null) {
                throw new RejectedInput(404, "UnknownEntity", "entityId", "group " + r.group()
                        + " has no entity " + r.entityId());
            }
            entities.add(EntityTarget.of(e, r));
        } else {
            if (feedback.seriesKey(r.seriesId()) == null) {
                throw new RejectedInput(404, "UnknownSeries", "seriesId", "no series " + r.seriesId());
            }
            targets.add(new Target(r.seriesId(), r.from(), r.to()));
        }
        List<Long> ids = new ArrayList<>();
        for (EntityTarget t : entities) {
            // changePoint on an entity is kept as a label: re-basing a group model is retraining it
            GroupDismissal pattern = "notAnomaly".equals(r.kind()) ? Patterns.groupDismissal(t.entity(),
                    groupResults.results(t.entity().group(), t.entity().entityId(), t.from(), t.to(), false,
                            MARKED_LIMIT), t.entity().step()) : null;
            ids.add(feedback.addGroup(t.entity(), r.incidentId(), t.from(), t.to(), r.kind(), r.comment(), givenBy,
                    pattern));
        }
        for (Target t : targets) {
            String detector = choice.kind().name();
            Dismissal pattern = null;
            Double delta = null;
            if ("notAnomaly".equals(r.kind())) {
                pattern = Patterns.dismissal(t.seriesId(), feedback.marked(t.seriesId(), detector, t.from(), t.to()),
                        window);
            } else if ("changePoint".equals(r.kind())) {
                delta = rebase(t.seriesId(), t.from(), window, shards);
            }
            ids.add(feedback.add(t.seriesId(), r.incidentId(), t.from(), t.to(), r.kind(), r.comment(), givenBy,
                    pattern, delta));
        }
        return feedback.byIds(ids);
    }

    /**
     * Shifts the series' stored detector state to the level since {@code since}; holds the shard's scoring lock,
     * so no run feeds the state meanwhile. Null when the state was rebuilt from the windows since the change instead
     * (a detector that cannot shift) or there is nothing to re-base.
     */
    private Double rebase(long seriesId, Instant since, Duration window, int shards) {
        scoring.lockShard((int) Math.abs(seriesId % shards));
        StoredState stored = scoring.states(List.of(seriesId), choice.kind().name()).get(seriesId);
        List<Marked> after = feedback.marked(seriesId, choice.kind().name(), since,
                since.plus(FeedbackRequest.MAX_RANGE));
        if (stored == null || stored.version() != choice.kind().version() || after.isEmpty()) {
            return null;
        }
        StreamingDetector d = choice.kind().restore(stored.state());
        long[] epochs = after.stream().mapToLong(m -> m.start().getEpochSecond()).toArray();
        double[] values = after.stream().mapToDouble(Marked::value).toArray();
        // the move from the data on both sides (the same hour a week before), else from what the detector learned
        List<Marked> weekBefore = feedback.marked(seriesId, choice.kind().name(),
                since.minusSeconds(LevelMove.WEEK), since);
        double measured = LevelMove.weekOverWeek(
                weekBefore.stream().mapToLong(m -> m.start().getEpochSecond()).toArray(),
                weekBefore.stream().mapToDouble(Marked::value).toArray(), epochs, values);
        double delta = d.rebase(epochs, values, measured);
        if (Double.isNaN(delta)) {
            // this detector cannot shift: it relearns the windows since the change alone
            d = choice.kind().create(window.toSeconds());
            for (Marked m : after) {
                if (!m.start().isAfter(stored.lastWindow())) {
                    d.observe(m.start().getEpochSecond(), m.value());
                }
            }
        }
        scoring.saveStates(Map.of(seriesId, new StoredState(stored.detector(), stored.version(), stored.lastWindow(),
                d.snapshot(), stored.stepSeconds())));
        return Double.isNaN(delta) ? null : delta;
    }
}

package dev.vigil.feedback;

import dev.vigil.ingestion.RejectedInput;
import dev.vigil.storage.FeedbackStore;
import dev.vigil.storage.FeedbackStore.Entity;
import dev.vigil.storage.IncidentStore;
import dev.vigil.storage.IncidentStore.Incident;
import dev.vigil.time.IsoDurations;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The series and group entities a feedback request applies to, each with its range. A series' range or window must
 * hold a stored window, and a group entity's a window of one of its series: feedback on nothing would be kept as a
 * label on data that does not exist, and a {@code notAnomaly} there learns no pattern. A {@code changePoint} needs data at or after its start
 * instead (the new level is what it re-bases on, and a change may begin in a gap). An incident's parts are taken as
 * they are: the incident is what the feedback is on, even once retention has dropped its windows.
 */
@ApplicationScoped
class FeedbackTargets {

    /** One series and range that feedback applies to. */
    record Target(long seriesId, Instant from, Instant to) {
    }

    /** One group entity and range that feedback applies to. */
    record EntityTarget(Entity entity, Instant from, Instant to) {
    }

    record Targets(List<Target> series, List<EntityTarget> entities) {
    }

    private final FeedbackStore feedback;
    private final IncidentStore incidents;

    FeedbackTargets(FeedbackStore feedback, IncidentStore incidents) {
        this.feedback = feedback;
        this.incidents = incidents;
    }

    Targets of(FeedbackRequest r, Duration window) {
        List<Target> series = new ArrayList<>();
        List<EntityTarget> entities = new ArrayList<>();
        if (r.incidentId() != null) {
            Incident i = incidents.find(r.incidentId()).orElseThrow(() -> new RejectedInput(404, "UnknownIncident",
                    "incidentId", "no incident " + r.incidentId()));
            Instant end = i.lastWindow().plus(window);
            incidents.parts(i.id()).forEach(p -> series.add(new Target(p.seriesId(), i.firstWindow(), end)));
            feedback.incidentEntities(i.id()).forEach(e -> entities.add(new EntityTarget(e, i.firstWindow(),
                    i.lastWindow().plus(e.step()))));
        } else if (r.group() != null) {
            Entity e = feedback.entity(r.group(), r.entityId());
            if (e == null) {
                throw new RejectedInput(404, "UnknownEntity", "entityId", "group " + r.group()
                        + " has no entity " + r.entityId());
            }
            EntityTarget t = entity(e, r);
            Instant until = changePoint(r) ? t.from().plus(FeedbackRequest.MAX_RANGE) : t.to();
            if (!feedback.hasWindows(e, t.from(), until)) {
                throw noWindows(r, "entity " + e.entityKey() + " of group " + e.group() + " has no stored window");
            }
            entities.add(t);
        } else {
            if (feedback.seriesKey(r.seriesId()) == null) {
                throw new RejectedInput(404, "UnknownSeries", "seriesId", "no series " + r.seriesId());
            }
            Instant until = changePoint(r) ? r.from().plus(FeedbackRequest.MAX_RANGE) : r.to();
            if (!feedback.hasWindows(r.seriesId(), r.from(), until)) {
                throw noWindows(r, "series " + r.seriesId() + " has no stored window");
            }
            series.add(new Target(r.seriesId(), r.from(), r.to()));
        }
        return new Targets(series, entities);
    }

    private static boolean changePoint(FeedbackRequest r) {
        return "changePoint".equals(r.kind());
    }

    private static RejectedInput noWindows(FeedbackRequest r, String what) {
        String field = r.oneWindow() ? "windowStart" : "from";
        String where = changePoint(r) ? " at or after " + r.from() + " (a changePoint re-bases on the new level: "
                + "give it once a window of it is stored)" : r.oneWindow() ? " at " + r.from()
                : " in [" + r.from() + ", " + r.to() + ")";
        return new RejectedInput(422, "NoWindows", field, what + where + ": feedback is on data already seen");
    }

    /**
     * A {@code windowStart} is one row of the entity's step (an hourly group's anomaly at 10:00 covers 10:00 to
     * 11:00, not its first 5 minutes) and must start on the step's grid, as the anomaly gives it.
     */
    private static EntityTarget entity(Entity e, FeedbackRequest r) {
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

package dev.vigil.feedback;

import dev.vigil.ingestion.RejectedInput;
import dev.vigil.query.Utf8Body;
import dev.vigil.security.AccessGuard;
import dev.vigil.security.ApiKeys;
import dev.vigil.storage.FeedbackStore;
import dev.vigil.storage.FeedbackStore.Feedback;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /api/v1/feedback}: a user's verdict on an anomaly, an incident or a time range of a series or of a group
 * entity, stored with the name of the key that sent it. Giving needs {@code operate}, reading {@code read}.
 */
@Path("/api/v1/feedback")
@Produces(MediaType.APPLICATION_JSON)
@Utf8Body
public class FeedbackResource {

    private final FeedbackIntake intake;
    private final FeedbackStore store;

    FeedbackResource(FeedbackIntake intake, FeedbackStore store) {
        this.intake = intake;
        this.store = store;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Give feedback: anomaly, notAnomaly or changePoint; one row per series it applies to (200 "
            + "with the rows stored before when the same key gave the same feedback)")
    public Response give(String body, RoutingContext ctx) {
        ApiKeys.Key key = ctx.get(AccessGuard.KEY);
        FeedbackService.Given given = intake.give(body, key == null ? "anonymous" : key.name());
        // an identical repeat answers the rows stored the first time
        return Response.status(given.created() ? 201 : 200).entity(given.rows()).build();
    }

    /**
     * A mistaken notAnomaly must not mute a fault for good: withdrawn, its pattern dismisses nothing from the next run
     * on. A changePoint's re-base has already moved the detector's state and stays (a later changePoint moves it
     * again). An incident's feedback is a row per series and entity, each withdrawn by its own id.
     */
    @DELETE
    @Path("{id}")
    @Operation(summary = "Withdraw one row of feedback (204); its notAnomaly pattern stops dismissing anomalies")
    public Response withdraw(@PathParam("id") String id) {
        Long row = id(id, "id");
        if (row == null || !store.delete(row)) {
            throw new RejectedInput(404, "UnknownFeedback", "id", "no feedback " + id);
        }
        return Response.noContent().build();
    }

    @GET
    @Operation(summary = "Feedback, newest first, of a series, a group entity or an incident (or all)")
    public List<Feedback> list(@QueryParam("seriesId") String seriesId, @QueryParam("incidentId") String incidentId,
                               @QueryParam("group") String group, @QueryParam("entityId") String entityId,
                               @QueryParam("limit") String limit) {
        Long series = id(seriesId, "seriesId");
        Long entity = id(entityId, "entityId");
        UUID incident = null;
        try {
            incident = incidentId == null || incidentId.isBlank() ? null : UUID.fromString(incidentId);
        } catch (IllegalArgumentException e) {
            throw new RejectedInput(400, "InvalidParameter", "incidentId", "incidentId must be a UUID");
        }
        int n = 100;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 1000) {
                throw new RejectedInput(400, "InvalidParameter", "limit", "limit must be an integer from 1 to 1000");
            }
        }
        return store.list(series, incident, group == null || group.isBlank() ? null : group, entity, n);
    }

    private static Long id(String text, String field) {
        try {
            return text == null || text.isBlank() ? null : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new RejectedInput(400, "InvalidParameter", field, field + " must be an id as the read API prints it");
        }
    }
}

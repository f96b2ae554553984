package dev.vigil.alerting;

import dev.vigil.ingestion.RejectedInput;
import dev.vigil.query.Params;
import dev.vigil.storage.IncidentStore;
import dev.vigil.storage.IncidentStore.Incident;
import dev.vigil.storage.IncidentStore.Point;
import dev.vigil.storage.RootCauseRanking.SeriesCause;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /api/v1/incidents}: incidents, newest first, and one incident with its timeline. */
@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    /** An incident with its anomalies in time order (at most {@value #MAX_POINTS}). */
    public record IncidentDetail(Incident incident, List<Point> timeline) {
    }

    static final int MAX_POINTS = 5000;

    private final IncidentStore store;

    public IncidentResource(IncidentStore store) {
        this.store = store;
    }

    @GET
    @Operation(summary = "Incidents, newest first; status open or resolved, since (last window at or after), "
            + "a page of limit from offset")
    public List<Incident> list(@QueryParam("status") String status, @QueryParam("since") String since,
                               @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        if (status != null && !Set.of("open", "resolved").contains(status)) {
            throw new RejectedInput(400, "InvalidParameter", "status", "status must be open or resolved");
        }
        Instant from = Params.instant("since", since, Instant.EPOCH);
        int n = 50;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 500) {
                throw new RejectedInput(400, "InvalidParameter", "limit", "limit must be an integer from 1 to 500");
            }
        }
        // a year of a daily fleet opens over a thousand incidents: without an offset only the newest 500 were readable
        return store.list(status, from, Params.bounded("offset", offset, 0, 0, Integer.MAX_VALUE), n);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One incident: span, peak severity, root-cause ranking and its anomalies in time order")
    public IncidentDetail one(@PathParam("id") String id) {
        UUID uuid = IncidentResource.id(id);
        Incident incident = store.find(uuid).orElseThrow(() -> new NotFoundException("no incident " + id));
        return new IncidentDetail(incident, store.timeline(uuid, MAX_POINTS));
    }

    @GET
    @Path("{id}/series")
    @Operation(summary = "One incident's series by share of its summed severity (largest first), a page at a time")
    public List<SeriesCause> series(@PathParam("id") String id, @QueryParam("offset") String offset,
                                    @QueryParam("limit") String limit) {
        UUID uuid = IncidentResource.id(id);
        int from = Params.bounded("offset", offset, 0, 0, Integer.MAX_VALUE);
        int n = Params.bounded("limit", limit, 50, 1, 500);
        store.find(uuid).orElseThrow(() -> new NotFoundException("no incident " + id));
        return store.series(uuid, from, n);
    }

    static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new RejectedInput(400, "InvalidParameter", "id", "id must be an incident id (a UUID)");
        }
    }
}

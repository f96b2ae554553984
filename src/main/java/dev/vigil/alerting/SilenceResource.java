package dev.vigil.alerting;

import dev.vigil.query.BadParameter;
import dev.vigil.query.Params;
import dev.vigil.query.Utf8Body;
import dev.vigil.storage.SilenceStore;
import dev.vigil.storage.SilenceStore.Silence;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * Series that stopped sending data (README "Silence"): open episodes by default, ended ones on request; an operator
 * may dismiss an open one, or all of a scope's.
 */
@Path("/api/v1/silence")
@Produces(MediaType.APPLICATION_JSON)
@Utf8Body
public class SilenceResource {

    private final SilenceStore store;
    private final SilenceDismissal dismissal;
    private final Clock clock;

    public SilenceResource(SilenceStore store, SilenceDismissal dismissal, Clock clock) {
        this.store = store;
        this.dismissal = dismissal;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Silent series, most recently detected first; status open (default), ended or all")
    public List<Silence> list(
            @Parameter(schema = @Schema(enumeration = {"open", "ended", "all"})) @QueryParam("status") String status,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit) {
        Boolean open = switch (status == null || status.isBlank() ? "open" : status) {
            case "open" -> true;
            case "ended" -> false;
            case "all" -> null;
            default -> throw new BadParameter("status", "status must be open, ended or all");
        };
        return store.list(open, Params.bounded("limit", limit, 100, 1, 1000));
    }

    /** The id is the series id as the read API prints it (a signed 64-bit integer in a string). */
    @POST
    @Path("{id}/dismiss")
    @Operation(summary = "End a series' open silence as dismissed; the same stop is not reported again")
    public Silence dismiss(@PathParam("id") String id) {
        return dismissal.dismiss(Params.seriesId(id), clock.instant())
                .orElseThrow(() -> new NotFoundException("series " + id + " has no open silence"));
    }

    /**
     * Unlike one series' dismissal, nothing open is no error: a set that is empty (already dismissed, or all back)
     * answers 200 with {@code dismissed} 0, so a caller repeats it until {@code remaining} is 0.
     */
    @POST
    @Path("dismiss")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "End every open silence of a scope (series whose dimensions hold it; {} for all) as dismissed")
    public SilenceDismissal.Dismissed dismissScope(String body) {
        return dismissal.dismiss(DismissalRequest.parse(body), clock.instant());
    }
}

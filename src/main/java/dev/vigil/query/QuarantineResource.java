package dev.vigil.query;

import dev.vigil.storage.QuarantineStore;
import dev.vigil.storage.QuarantineStore.Quarantined;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * Series that detection set aside after a failure, with the error and when they are tried next; an operator may
 * ask for an immediate retry (after fixing the cause, e.g. deleting bad windows).
 */
@Path("/api/v1/quarantine")
@Produces(MediaType.APPLICATION_JSON)
public class QuarantineResource {

    private final QuarantineStore store;

    public QuarantineResource(QuarantineStore store) {
        this.store = store;
    }

    @GET
    @Operation(summary = "Quarantined series, most recently failed first")
    public List<Quarantined> list(
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit) {
        return store.list(Params.bounded("limit", limit, 100, 1, 1000));
    }

    /** The id is the series id as the read API prints it (a signed 64-bit integer in a string). */
    @POST
    @Path("{id}/retry")
    @Operation(summary = "Retry a quarantined series at the next run, whatever its back-off")
    public Quarantined retry(@PathParam("id") String id) {
        long seriesId = Params.seriesId(id);
        if (!store.retryNow(seriesId)) {
            throw new NotFoundException("series " + id + " is not quarantined");
        }
        return store.list(1000).stream().filter(q -> q.seriesId().equals(Long.toString(seriesId))).findFirst()
                .orElseThrow(() -> new NotFoundException("series " + id + " is not quarantined"));
    }
}

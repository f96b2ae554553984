package dev.vigil.query;

import dev.vigil.storage.SilenceStore;
import dev.vigil.storage.SilenceStore.Silence;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Series that stopped sending data (README "Silence"): open episodes by default, ended ones on request. */
@Path("/api/v1/silence")
@Produces(MediaType.APPLICATION_JSON)
public class SilenceResource {

    private final SilenceStore store;

    public SilenceResource(SilenceStore store) {
        this.store = store;
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
}

package dev.vigil.query;

import dev.vigil.storage.QueryRows.AnomalyRow;
import dev.vigil.storage.QueryRows.RunRow;
import dev.vigil.storage.QueryStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Recent anomalies over all series, newest first, and the recent detection runs. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AnomalyResource {

    private final QueryStore store;
    private final Clock clock;

    public AnomalyResource(QueryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @GET
    @Path("anomalies")
    public List<AnomalyRow> anomalies(
            @QueryParam("since") String since,
            @Parameter(schema = @Schema(type = SchemaType.NUMBER)) @QueryParam("minSeverity") String minSeverity,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("page") String page,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("size") String size) {
        Instant s = Params.instant("since", since, clock.instant().minus(Duration.ofDays(7)));
        double min = Params.fraction("minSeverity", minSeverity, 0);
        int p = Params.bounded("page", page, 0, 0, 1_000_000);
        int n = Params.bounded("size", size, 50, 1, 500);
        return store.anomalies(s, min, p * n, n);
    }

    @GET
    @Path("runs")
    public List<RunRow> runs(
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit) {
        return store.runs(Params.bounded("limit", limit, 20, 1, 500));
    }
}

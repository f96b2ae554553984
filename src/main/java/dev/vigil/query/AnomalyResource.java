package dev.vigil.query;

import dev.vigil.ingestion.InputRules;
import dev.vigil.storage.QueryRows.AnomalyRow;
import dev.vigil.storage.QueryRows.RunRow;
import dev.vigil.storage.QueryStore;
import dev.vigil.storage.QueryStore.AnomalyFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Anomalies over all series, newest first, narrowed by time, metric, series or dimensions; and recent runs. */
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
    @QueryPrefix(DimensionFilter.PREFIX)
    @Operation(summary = "Anomalies, newest first, paged",
            description = "[since, until) by window start: since defaults to 7 days before until (or now), until to "
                    + "no end. metric (exact), seriesId and dim.<key>=<value> (repeatable: the series must have "
                    + "every one) narrow it.")
    public List<AnomalyRow> anomalies(
            @QueryParam("since") String since, @QueryParam("until") String until,
            @QueryParam("metric") String metric, @QueryParam("seriesId") String seriesId,
            @Parameter(schema = @Schema(type = SchemaType.NUMBER)) @QueryParam("minSeverity") String minSeverity,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("page") String page,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("size") String size,
            @Context UriInfo uri) {
        Instant u = Params.instant("until", until, null);
        Instant s = Params.instant("since", since, (u == null ? clock.instant() : u).minus(Duration.ofDays(7)));
        if (u != null && !s.isBefore(u)) {
            throw new BadParameter("until", "until must lie after since");
        }
        String m = metric == null || metric.isEmpty() ? null : InputRules.text(metric, "metric", "InvalidParameter");
        Long series = seriesId == null || seriesId.isBlank() ? null : id(seriesId);
        double min = Params.fraction("minSeverity", minSeverity, 0);
        int p = Params.bounded("page", page, 0, 0, 1_000_000);
        int n = Params.bounded("size", size, 50, 1, 500);
        return store.anomalies(new AnomalyFilter(s, u, min, m, series,
                DimensionFilter.of(uri.getQueryParameters())), p * n, n);
    }

    private static long id(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadParameter("seriesId", "seriesId must be a series id (a 64-bit integer, as the series list "
                    + "gives it)");
        }
    }

    @GET
    @Path("runs")
    public List<RunRow> runs(
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit) {
        return store.runs(Params.bounded("limit", limit, 20, 1, 500));
    }
}

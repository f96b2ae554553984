package dev.vigil.metrics;

import dev.vigil.metrics.MetricAggregationService.MetricPage;
import dev.vigil.query.Params;
import dev.vigil.query.Utf8Body;
import dev.vigil.storage.MetricStore.MetricRow;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code /api/v1/admin/metrics}: each metric's aggregation, the value its windows are judged on (role admin, like
 * the other data-feed settings).
 */
@Path("/api/v1/admin/metrics")
@Produces(MediaType.APPLICATION_JSON)
@Utf8Body
public class MetricResource {

    private final MetricAggregationService service;

    public MetricResource(MetricAggregationService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "Metrics by name with their aggregation and series count, paged (role admin)")
    public MetricPage list(@Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("page") String page,
                           @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("size") String size) {
        return service.page(Params.bounded("page", page, 0, 0, 1_000_000), Params.bounded("size", size, 50, 1, 500));
    }

    @PUT
    @Path("{metric}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a metric's aggregation (role admin): {\"aggregation\": mean|sum|count|min|max|last}; "
            + "its series relearn their stored windows at the next run")
    public MetricRow set(@PathParam("metric") String metric, String body) {
        return service.set(metric, body);
    }
}

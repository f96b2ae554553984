package dev.vigil.api;

import static dev.vigil.api.MvRoutes.isGa;
import static dev.vigil.api.MvRoutes.url;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.UUID;

/**
 * The Azure Anomaly Detector multivariate endpoints (azure-api.md §3, §5): GA {@code v1.1} and the previews
 * {@code v1.1-preview}, {@code v1.1-preview.1}. Both route sets are served on the three versions (the Java SDK can
 * send preview paths with {@code v1.1}); the version decides the shapes of models and lists, the route those of
 * detections. The GA colon paths ({@code models/{id}:detect-batch}) arrive unencoded and are split here.
 */
@Path("/anomalydetector/{version}/multivariate")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class MultivariateResource {

    private final MvModels models;
    private final MvDetections detections;
    private final MvExports exports;
    private final MvShapes shapes;

    MultivariateResource(MvModels models, MvDetections detections, MvExports exports, MvShapes shapes) {
        this.models = models;
        this.detections = detections;
        this.exports = exports;
        this.shapes = shapes;
    }

    @POST
    @Path("models")
    public Response train(@PathParam("version") String version, String body, @Context UriInfo uri) {
        boolean ga = isGa(version);
        MvWire.Model model = models.train(MvRequests.train(shapes.body(body)));
        Response.ResponseBuilder created = Response.status(201).location(url(uri, version, "models/" + model.modelId()));
        return (ga ? created.entity(model) : created).build(); // the preview answered with no body
    }

    @GET
    @Path("models")
    public Response list(@PathParam("version") String version, @Context UriInfo uri) {
        boolean ga = isGa(version);
        MvPaging paging = MvPaging.of(uri.getQueryParameters(), ga);
        MvModels.Page page = models.list(paging.skip(), paging.top());
        var items = page.rows().stream().map(models::listItem).toList();
        String next = paging.skip() + page.rows().size() < page.total()
                ? url(uri, version, "models?" + paging.next(page.rows().size())).toString() : null;
        return Response.ok(new MvWire.ModelList(items, page.total(), models.maxModels(), next)).build();
    }

    @GET
    @Path("models/{modelId}")
    public Response get(@PathParam("version") String version, @PathParam("modelId") String modelId) {
        MvWire.Model model = models.get(MvErrors.modelId(modelId));
        return Response.ok(shapes.model(model, isGa(version))).build();
    }

    @DELETE
    @Path("models/{modelId}")
    public Response delete(@PathParam("version") String version, @PathParam("modelId") String modelId) {
        isGa(version);
        models.delete(MvErrors.modelId(modelId));
        return Response.noContent().build();
    }

    /** GA {@code models/{id}:detect-batch} and {@code models/{id}:detect-last}. */
    @POST
    @Path("models/{modelAndAction}")
    public Response action(@PathParam("version") String version, @PathParam("modelAndAction") String modelAndAction,
                           String body, @Context UriInfo uri) {
        isGa(version);
        int colon = modelAndAction.lastIndexOf(':');
        String action = colon < 0 ? "" : modelAndAction.substring(colon + 1);
        UUID modelId = colon < 0 ? null : MvErrors.modelId(modelAndAction.substring(0, colon));
        return switch (action) {
            case "detect-batch" -> {
                MvWire.DetectionResult started = detections.start(modelId, MvRequests.batch(shapes.body(body)));
                URI location = url(uri, version, "detect-batch/" + started.resultId());
                yield Response.status(202).header("Operation-Id", started.resultId())
                        .header("Operation-Location", location).entity(started).build();
            }
            case "detect-last" -> {
                MvWire.LastResult r = detections.last(modelId, MvRequests.last(shapes.body(body), false));
                yield Response.ok(r).build();
            }
            default -> throw new AzureApiException(404, "404", "Resource not found");
        };
    }

    @POST
    @Path("models/{modelId}/detect")
    public Response detect(@PathParam("version") String version, @PathParam("modelId") String modelId,
                           String body, @Context UriInfo uri) {
        isGa(version);
        MvWire.DetectionResult started = detections.start(MvErrors.modelId(modelId), MvRequests.batch(shapes.body(body)));
        return Response.status(201).location(url(uri, version, "results/" + started.resultId())).build();
    }

    @POST
    @Path("models/{modelId}/last/detect")
    public Response detectLast(@PathParam("version") String version, @PathParam("modelId") String modelId,
                               String body) {
        isGa(version);
        MvWire.LastResult r = detections.last(MvErrors.modelId(modelId), MvRequests.last(shapes.body(body), true));
        return Response.ok(r).build();
    }

    @GET
    @Path("detect-batch/{resultId}")
    public Response result(@PathParam("version") String version, @PathParam("resultId") String resultId) {
        MvWire.DetectionResult r = detections.result(MvErrors.resultId(resultId));
        return Response.ok(shapes.result(r, isGa(version))).build();
    }

    @GET
    @Path("results/{resultId}")
    public Response previewResult(@PathParam("version") String version, @PathParam("resultId") String resultId) {
        isGa(version);
        return Response.ok(shapes.result(detections.result(MvErrors.resultId(resultId)), false)).build();
    }

    @GET
    @Path("models/{modelId}/export")
    @Produces({"application/zip", MediaType.APPLICATION_JSON})
    public Response export(@PathParam("version") String version, @PathParam("modelId") String modelId) {
        isGa(version);
        return Response.ok(exports.export(MvErrors.modelId(modelId)), "application/zip").build();
    }

    /** Vigil's own: loads a zip written by export as a new READY model (201 + Location, the model as body). */
    @POST
    @Path("models/import")
    public Response load(@PathParam("version") String version, byte[] zip, @Context UriInfo uri) {
        boolean ga = isGa(version);
        MvWire.Model model = exports.load(zip == null ? new byte[0] : zip);
        JsonNode shown = shapes.imported(model, ga);
        return Response.status(201).location(url(uri, version, "models/" + model.modelId())).entity(shown).build();
    }
}

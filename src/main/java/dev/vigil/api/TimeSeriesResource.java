package dev.vigil.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.function.BiFunction;

/**
 * The Azure Anomaly Detector univariate endpoints, for every API version in {@link ApiVersion}.
 *
 * <p>The body is read as text and parsed here rather than bound by Quarkus, so that every malformed input gets the
 * service's own error code ({@code InvalidJsonFormat}, {@code BadArgument}, ...) instead of a framework 400/500,
 * whatever the content type.
 */
@Path("/anomalydetector/{version}/timeseries")
public class TimeSeriesResource {

    /** NaN/Infinity literals are accepted so they are rejected as bad values with the service's code. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER) // thousands of values per request; same doubles
            .build();

    private final UnivariateDetection detection;

    TimeSeriesResource(UnivariateDetection detection) {
        this.detection = detection;
    }

    @POST
    @Path("entire/detect")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public EntireDetectResponse detectEntire(@PathParam("version") String version, String body) {
        return answer(version, body, (v, json) -> detection.entire(UnivariateRequest.detection(json), v));
    }

    @POST
    @Path("last/detect")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode detectLast(@PathParam("version") String version, String body) {
        return answer(version, body, (v, json) -> detection.last(UnivariateRequest.detection(json), v));
    }

    @POST
    @Path("changepoint/detect")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode detectChangePoint(@PathParam("version") String version, String body) {
        return answer(version, body, (v, json) -> detection.changePoint(UnivariateRequest.changePoint(json)));
    }

    private static <T> T answer(String version, String body, BiFunction<ApiVersion, JsonNode, T> call) {
        ApiVersion v = ApiVersion.fromPath(version).orElseThrow(() -> new AzureApiException(404, "404",
                "Resource not found"));
        return call.apply(v, parse(body));
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw AzureApiException.badRequest(ErrorCodes.INVALID_JSON_FORMAT, "The request body is empty.");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw AzureApiException.badRequest(ErrorCodes.INVALID_JSON_FORMAT, "The request body is not valid JSON.");
        }
    }
}

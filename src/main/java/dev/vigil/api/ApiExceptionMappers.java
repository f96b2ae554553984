package dev.vigil.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.errors.Rejected;
import dev.vigil.errors.VigilError;
import dev.vigil.storage.FaultKind;
import dev.vigil.storage.StorageException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become HTTP answers. Vigil's own refusals ({@link Rejected}, from every room) answer in
 * Vigil's shape; on the Azure-compatible API, errors are rendered the way the Azure service did: status,
 * {@code {"code", "message"}} body and the {@code x-ms-error-code} header. Framework errors (unknown path, wrong method, oversized body) keep their status
 * but get the same body shape. Anything unexpected is a bug: it is logged here, once, and answered 500.
 *
 * <p>Quarkus REST registers these mappers for every endpoint (a resource-local mapper would miss unknown paths), so
 * outside {@value #AZURE_PATH} they answer in Vigil's own shape, {@code {"code", "message"}} without the Azure
 * header and with Vigil's code names.
 */
class ApiExceptionMappers {

    static final String ERROR_HEADER = "x-ms-error-code";
    static final String AZURE_PATH = "/anomalydetector/";
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);
    static final String UNAVAILABLE = "the database is unavailable; nothing was stored, retry shortly";

    @ServerExceptionMapper
    Response azure(AzureApiException e) {
        return error(e.status(), e.code(), e.getMessage());
    }

    /** Vigil's own refusals, from every room, in Vigil's shape wherever they are thrown. */
    @ServerExceptionMapper
    Response rejected(Rejected e) {
        return e.error().response(e.status());
    }

    @ServerExceptionMapper
    Response framework(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse() == null ? 400 : e.getResponse().getStatus();
        String message = plain(status, e.getMessage() == null ? "Request rejected." : e.getMessage());
        if (!isAzure(uri)) {
            return vigil(status, codeOf(status), message);
        }
        return error(status, status == 400 ? ErrorCodes.BAD_ARGUMENT : String.valueOf(status), message);
    }

    @ServerExceptionMapper
    Response invalidArgument(IllegalArgumentException e, UriInfo uri) {
        String message = e.getMessage() == null ? "Invalid argument." : e.getMessage();
        return isAzure(uri) ? error(400, ErrorCodes.BAD_ARGUMENT, message) : vigil(400, "InvalidArgument", message);
    }

    /** The database is away (down, restarting, out of connections): nothing was stored, the client may retry. */
    @ServerExceptionMapper
    Response storage(StorageException e, UriInfo uri) {
        if (FaultKind.of(e) != FaultKind.TRANSIENT) {
            return unexpected(e, uri);
        }
        LOG.warnf("storage unavailable answering %s: %s", uri.getPath(), e.getMessage());
        Response r = isAzure(uri) ? error(503, "ServiceUnavailable", UNAVAILABLE) : vigil(503, "StorageUnavailable", UNAVAILABLE);
        return Response.fromResponse(r).header("Retry-After", "5").build();
    }

    @ServerExceptionMapper(priority = 10_000)
    Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure answering %s", uri.getPath());
        // the multivariate error table's code for a fault (azure-api.md §5.7), which the jobs' errors use too
        return isAzure(uri) ? error(500, "UnexpectedError", "An unexpected error occurred.")
                : vigil(500, "InternalError", "An unexpected error occurred; the server log has the details.");
    }

    /**
     * The framework's own refusals in words for clients ("did not match the value in @Produces", "Unable to find
     * matching target resource method" named annotations and internals); messages of Vigil's own exceptions stay.
     */
    static String plain(int status, String message) {
        boolean framework = message.contains("@Produces") || message.contains("@Consumes")
                || message.startsWith("Unable to find matching target resource method") || message.startsWith("HTTP ");
        if (!framework) {
            return message;
        }
        return switch (status) {
            case 404 -> "There is no resource at this path.";
            case 405 -> "This resource does not take this HTTP method.";
            case 406 -> "This resource answers application/json only; the Accept header asks for another type.";
            case 415 -> "This resource does not take a body of this Content-Type (send application/json).";
            default -> "The request was refused (HTTP " + status + ").";
        };
    }

    private static boolean isAzure(UriInfo uri) {
        String path = uri.getPath();
        return path != null && (path.startsWith(AZURE_PATH) || path.startsWith(AZURE_PATH.substring(1)));
    }

    /** 404 becomes NotFound, 415 UnsupportedMediaType: Vigil's code names. */
    private static String codeOf(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known == null) {
            return "Rejected";
        }
        StringBuilder code = new StringBuilder();
        for (String word : known.name().split("_")) {
            code.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return code.toString();
    }

    private static Response vigil(int status, String code, String message) {
        return new VigilError(code, null, message).response(status);
    }

    static Response error(int status, String code, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON).header(ERROR_HEADER, code)
                .entity(body).build();
    }
}

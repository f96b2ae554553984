package dev.vigil.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders errors the way the Azure service did: status, {@code {"code", "message"}} body and the
 * {@code x-ms-error-code} header. Framework errors (unknown path, wrong method, oversized body) keep their status
 * but get the same body shape. Anything unexpected is a bug: it is logged here, once, and answered 500.
 */
class ApiExceptionMappers {

    static final String ERROR_HEADER = "x-ms-error-code";
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    Response azure(AzureApiException e) {
        return error(e.status(), e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    Response framework(WebApplicationException e) {
        int status = e.getResponse() == null ? 400 : e.getResponse().getStatus();
        String code = status == 400 ? ErrorCodes.BAD_ARGUMENT : String.valueOf(status);
        return error(status, code, e.getMessage() == null ? "Request rejected." : e.getMessage());
    }

    @ServerExceptionMapper
    Response invalidArgument(IllegalArgumentException e) {
        return error(400, ErrorCodes.BAD_ARGUMENT, e.getMessage() == null ? "Invalid argument." : e.getMessage());
    }

    @ServerExceptionMapper(priority = 10_000)
    Response unexpected(Exception e) {
        LOG.error("unexpected failure in the Azure-compatible API", e);
        return error(500, "InternalServerError", "An unexpected error occurred.");
    }

    static Response error(int status, String code, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON).header(ERROR_HEADER, code)
                .entity(body).build();
    }
}

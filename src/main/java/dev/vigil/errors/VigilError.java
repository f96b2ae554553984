package dev.vigil.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Vigil's one error body, {@code {"code", "field"?, "message"}}: a machine-readable code, the request field at
 * fault where there is one (a JSON path such as {@code readings[3].value}, or a parameter), and a sentence for
 * people. Every Vigil endpoint answers errors with it, whether from a resource (JAX-RS) or from a route handler
 * that answers before any resource runs (Vert.x); the Azure-compatible API keeps Azure's own shape.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VigilError(String code, String field, String message) {

    /** As a JAX-RS response. */
    public Response response(int status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(this).build();
    }

    /** Ends a Vert.x request with this error. */
    public void send(RoutingContext ctx, int status) {
        JsonObject body = new JsonObject().put("code", code);
        if (field != null) {
            body.put("field", field);
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(body.put("message", message).encode());
    }
}

package dev.vigil.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.security.ApiKeys;
import dev.vigil.security.KeysHolder;
import dev.vigil.security.Role;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks {@code Ocp-Apim-Subscription-Key} on every {@code /anomalydetector} request before routing, like Azure's
 * API gateway did: a missing or unknown key gets 401 with the gateway's body shape, and no detail about which; a
 * known key without the {@code azure} role gets 403 in the same shape, as Vigil's own endpoints answer it.
 * Accepted: the keys of {@code VIGIL_API_KEYS} and those of {@code VIGIL_KEYS} with the {@code azure} role. A
 * multivariate request without the header gets that API's own 400 {@code SubscriptionNotInHeaders}.
 */
class SubscriptionKeyFilter {

    static final String KEY_HEADER = "Ocp-Apim-Subscription-Key";
    private static final String DENIED = "Access denied due to invalid subscription key or wrong API endpoint. "
            + "Make sure to provide a valid key for an active subscription and use a correct regional API endpoint "
            + "for your resource.";

    private final ApiKeys keys;

    SubscriptionKeyFilter(KeysHolder keys) {
        this.keys = keys.keys();
    }

    @ServerRequestFilter(preMatching = true)
    Response checkKey(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/anomalydetector")) {
            return null;
        }
        String key = request.getHeaderString(KEY_HEADER);
        Optional<ApiKeys.Key> known = keys.find(key);
        if (known.filter(k -> k.roles().contains(Role.AZURE)).isPresent()) {
            return null;
        }
        if (known.isPresent()) {
            // the key is right but its role is not: 403, as every Vigil endpoint answers that (README, "Roles")
            return gateway(403, "This API key lacks the role azure that the Azure-compatible API needs; use a key"
                    + " of VIGIL_API_KEYS or one with the azure role in VIGIL_KEYS.");
        }
        if (key == null && path.contains("/multivariate/")) {
            // the multivariate API named the missing header itself (azure-api.md §5.7)
            return ApiExceptionMappers.error(400, "SubscriptionNotInHeaders", KEY_HEADER + " is not found in the"
                    + " request headers: add the header with an API key of the azure role.");
        }
        return gateway(401, DENIED);
    }

    /** Azure's API gateway's answer, {@code {"error": {"code": "<status>", "message"}}}. */
    private static Response gateway(int status, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("error").put("code", String.valueOf(status)).put("message", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}

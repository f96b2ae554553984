package dev.vigil.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.security.ApiKeys;
import dev.vigil.security.KeysHolder;
import dev.vigil.security.Role;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks {@code Ocp-Apim-Subscription-Key} on every {@code /anomalydetector} request before routing, like Azure's
 * API gateway did: a missing or unknown key gets 401 with the gateway's body shape, and no detail about which.
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
        if (keys.find(key).filter(k -> k.roles().contains(Role.AZURE)).isPresent()) {
            return null;
        }
        if (key == null && path.contains("/multivariate/")) {
            // the multivariate API named the missing header itself (azure-api.md §5.7)
            return ApiExceptionMappers.error(400, "SubscriptionNotInHeaders", KEY_HEADER + " is not found in the"
                    + " request headers: add the header with an API key of the azure role.");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("error").put("code", "401").put("message", DENIED);
        return Response.status(401).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}

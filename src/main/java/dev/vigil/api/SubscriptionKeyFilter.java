package dev.vigil.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks {@code Ocp-Apim-Subscription-Key} on every {@code /anomalydetector} request before routing, like Azure's
 * API gateway did: a missing or unknown key gets 401 with the gateway's body shape, and no detail about which.
 */
class SubscriptionKeyFilter {

    static final String KEY_HEADER = "Ocp-Apim-Subscription-Key";
    private static final String DENIED = "Access denied due to invalid subscription key or wrong API endpoint. "
            + "Make sure to provide a valid key for an active subscription and use a correct regional API endpoint "
            + "for your resource.";

    private final List<byte[]> keys;

    SubscriptionKeyFilter(ApiConfig config) {
        this.keys = config.keys().orElse(List.of()).stream()
                .filter(k -> !k.isBlank())
                .map(k -> k.getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    @ServerRequestFilter(preMatching = true)
    Response checkKey(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/anomalydetector")) {
            return null;
        }
        String key = request.getHeaderString(KEY_HEADER);
        if (key != null && accepted(key.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("error").put("code", "401").put("message", DENIED);
        return Response.status(401).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    private boolean accepted(byte[] key) {
        boolean ok = false;
        for (byte[] k : keys) {
            ok |= MessageDigest.isEqual(k, key); // constant time, and every key is compared
        }
        return ok;
    }
}

package dev.vigil.query;

import dev.vigil.errors.VigilError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a NUL character in any path or query parameter of Vigil's own API with 400 {@code InvalidCharacter} naming
 * the parameter. PostgreSQL cannot hold NUL in text, so such a group name or filter reached the database and came
 * back as a 500; no name, id or filter of Vigil's can contain it. The Azure-compatible API keeps its own errors.
 */
class ParameterCharacters {

    @ServerRequestFilter
    Response refuseNul(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().startsWith("/anomalydetector")) {
            return null;
        }
        String bad = nulIn(request.getUriInfo().getPathParameters());
        if (bad == null) {
            bad = nulIn(request.getUriInfo().getQueryParameters());
        }
        return bad == null ? null
                : new VigilError("InvalidCharacter", bad, bad + " holds the character U+0000 (NUL)").response(400);
    }

    private static String nulIn(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
            if (p.getKey().indexOf(0) >= 0 || p.getValue().stream().anyMatch(v -> v != null && v.indexOf(0) >= 0)) {
                return p.getKey().indexOf(0) >= 0 ? "query" : p.getKey();
            }
        }
        return null;
    }
}

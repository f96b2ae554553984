package dev.vigil.query;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a query parameter the matched endpoint of Vigil's own API does not read, with 400 {@code InvalidParameter}
 * naming it and listing those it takes. JAX-RS ignores a parameter no method reads, so a typo ({@code metrc=}) or a
 * filter an endpoint lacks ({@code ?metric=} where there was none) answered 200 with everything, and a client took that
 * for a filtered answer. What an endpoint takes is read from its method: {@code @QueryParam}, {@code @RestQuery},
 * those of a {@code @BeanParam}, and the prefixes of {@link QueryPrefix}. The Azure-compatible API keeps Azure's
 * behaviour, which ignores them; the key travels in a header, never as a parameter (see {@code AccessGuard}).
 */
class KnownParameters {

    /** What one endpoint takes, in declaration order for the message. */
    record Accepted(Set<String> names, List<String> prefixes) {

        boolean takes(String name) {
            return names.contains(name) || prefixes.stream().anyMatch(name::startsWith);
        }

        String describe() {
            List<String> all = new ArrayList<>(names);
            prefixes.forEach(p -> all.add(p + "<key>"));
            return all.isEmpty() ? "no query parameters" : String.join(", ", all);
        }

        static Accepted of(Method method) {
            Set<String> names = new LinkedHashSet<>();
            for (Parameter p : method.getParameters()) {
                collect(p, p.getName(), p.getType(), names);
            }
            QueryPrefix prefix = method.getAnnotation(QueryPrefix.class);
            return new Accepted(names, prefix == null ? List.of() : List.of(prefix.value()));
        }

        private static void collect(AnnotatedElement element, String javaName, Class<?> type, Set<String> names) {
            QueryParam query = element.getAnnotation(QueryParam.class);
            RestQuery rest = element.getAnnotation(RestQuery.class);
            if (query != null) {
                names.add(query.value());
            } else if (rest != null) {
                names.add(rest.value().isEmpty() ? javaName : rest.value());
            } else if (element.getAnnotation(BeanParam.class) != null) {
                for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        collect(f, f.getName(), f.getType(), names);
                    }
                }
            }
        }
    }

    private final Map<Method, Accepted> accepted = new ConcurrentHashMap<>();

    // after ParameterCharacters (USER): a NUL in a parameter's name is answered as that, not as an unknown name
    @ServerRequestFilter(priority = Priorities.USER + 100)
    void refuseUnknown(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null || !request.getUriInfo().getPath().startsWith("/api/v1/")) {
            return;
        }
        Set<String> sent = request.getUriInfo().getQueryParameters().keySet();
        if (sent.isEmpty()) {
            return;
        }
        Accepted takes = accepted.computeIfAbsent(method, Accepted::of);
        for (String name : sent) {
            if (!takes.takes(name)) {
                throw new BadParameter(name, "unknown query parameter '" + name + "': " + request.getMethod() + " "
                        + request.getUriInfo().getPath() + " takes " + takes.describe());
            }
        }
    }
}

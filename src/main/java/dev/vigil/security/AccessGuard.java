package dev.vigil.security;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.errors.VigilError;
import dev.vigil.security.AccessPolicy.Need;
import dev.vigil.security.ApiKeys.Key;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Asks every request on the public port for a key with the role {@link AccessPolicy} names, before anything else
 * reads it: {@code 401} without a known key, {@code 403} for a known key without the role, both in Vigil's error
 * body. Health and metrics are on the management interface, which this guard does not cover.
 *
 * <p>A structured-mode CloudEvent carries its type in the body, so at a function path it is judged twice: first as
 * needing either {@code ingest} or {@code operate}, then, once the body is read, by its type.
 *
 * <p>With no key configured, every request has every role; that is allowed only on a local run (which then
 * listens on loopback) or with {@code VIGIL_ALLOW_ANONYMOUS=true}, and start-up fails otherwise.
 */
@ApplicationScoped
public class AccessGuard {

    /** Where the request's key is kept for later handlers (for example to record who gave feedback). */
    public static final String KEY = "vigil.key";

    private static final Logger LOG = Logger.getLogger(AccessGuard.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final ApiKeys keys;
    private final SecurityConfig config;

    public AccessGuard(SecurityConfig config, KeysHolder holder) {
        this.config = config;
        this.keys = holder.keys();
    }

    void check(@Observes StartupEvent event) {
        if (!keys.noVigilKeys() || config.local() || config.allowAnonymous()) {
            if (keys.noVigilKeys()) {
                LOG.warn("no API keys configured (VIGIL_KEYS): every request has every role"
                        + (config.local() ? "; listening on loopback only" : " (VIGIL_ALLOW_ANONYMOUS=true)"));
            }
            return;
        }
        throw new IllegalStateException("Vigil refuses to start: no API keys are configured (VIGIL_KEYS) and the "
                + "database or broker is external; set VIGIL_KEYS=secret=role+role,..., or VIGIL_ALLOW_ANONYMOUS=true "
                + "to run without authentication");
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::beforeBody);
        for (String path : AccessPolicy.FUNCTION_PATHS) {
            router.post(path).order(RouteConstants.ROUTE_ORDER_BODY_HANDLER + 1).handler(this::afterBody);
        }
    }

    private void beforeBody(RoutingContext ctx) {
        String method = ctx.request().method().name();
        String path = ctx.normalizedPath();
        boolean structured = "POST".equals(method) && AccessPolicy.FUNCTION_PATHS.contains(path)
                && isStructured(ctx) && ctx.request().getHeader("ce-type") == null;
        Need need = AccessPolicy.need(method, path, ctx.request().getHeader("ce-type"));
        if (need.isPublic()) {
            ctx.next();
            return;
        }
        Optional<Key> key = authenticate(ctx);
        if (key.isEmpty()) {
            return;
        }
        Role role = need.role();
        boolean allowed = structured
                ? key.get().roles().contains(Role.INGEST) || key.get().roles().contains(Role.OPERATE)
                : key.get().roles().contains(role);
        if (!allowed) {
            forbid(ctx, structured ? "ingest or operate" : role.label());
            return;
        }
        ctx.put(KEY, key.get());
        ctx.next();
    }

    /** A structured CloudEvent at a function path, now that its body (and so its type) can be read. */
    private void afterBody(RoutingContext ctx) {
        Key key = ctx.get(KEY);
        if (key == null || !isStructured(ctx) || ctx.request().getHeader("ce-type") != null) {
            ctx.next();
            return;
        }
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        Role role = AccessPolicy.need("POST", ctx.normalizedPath(), body == null ? null : typeOf(body.getBytes()))
                .role();
        if (!key.roles().contains(role)) {
            forbid(ctx, role.label());
            return;
        }
        ctx.next();
    }

    private Optional<Key> authenticate(RoutingContext ctx) {
        // anonymous only where it is allowed: also in the moment before a refused start has stopped the server
        if (keys.noVigilKeys() && (config.local() || config.allowAnonymous())) {
            return Optional.of(KeysHolder.ANONYMOUS);
        }
        String secret = secret(ctx);
        Optional<Key> key = keys.find(secret);
        if (key.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"vigil\"");
            new VigilError("Unauthorized", null, secret == null
                    ? "this endpoint needs an API key: send Authorization: Bearer <key> (or X-API-Key)"
                    : "the API key is not known").send(ctx, 401);
        }
        return key;
    }

    private static String secret(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        String header = ctx.request().getHeader("X-API-Key");
        return header == null ? null : header.trim();
    }

    private static void forbid(RoutingContext ctx, String role) {
        new VigilError("Forbidden", null, "this API key lacks the role " + role + " that "
                + ctx.request().method().name() + " " + ctx.normalizedPath() + " needs").send(ctx, 403);
    }

    private static boolean isStructured(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/cloudevents");
    }

    /** The top-level {@code type} of a structured CloudEvent, read as a token stream; null if absent or malformed. */
    static String typeOf(byte[] envelope) {
        try (JsonParser p = JSON.createParser(envelope)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("type".equals(field) && value == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}

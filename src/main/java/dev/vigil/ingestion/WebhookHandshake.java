package dev.vigil.ingestion;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The abuse-protection handshake of the CloudEvents webhook specification: before it delivers, an emitter (Azure
 * Event Grid with the CloudEvents schema, among others) sends {@code OPTIONS} with {@code WebHook-Request-Origin}
 * and delivers only if the answer names that origin in {@code WebHook-Allowed-Origin}. Vigil consents to any origin
 * at any rate: the handshake holds no data, and every delivery still needs a key with the {@code ingest} role.
 */
@ApplicationScoped
public class WebhookHandshake {

    /** The paths that take CloudEvents ({@code /readings} takes plain JSON readings, so no emitter delivers there). */
    static final String[] PATHS = {"/", "/ingest", "/ingestBatch"};

    void register(@Observes Router router) {
        for (String path : PATHS) {
            router.options(path).order(Integer.MIN_VALUE + 1).handler(this::answer);
        }
    }

    private void answer(RoutingContext ctx) {
        String origin = ctx.request().getHeader("WebHook-Request-Origin");
        if (origin == null || origin.isBlank()) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(200).putHeader("WebHook-Allowed-Origin", origin.trim())
                .putHeader("WebHook-Allowed-Rate", "*").putHeader("Allow", "POST, OPTIONS").end();
    }
}

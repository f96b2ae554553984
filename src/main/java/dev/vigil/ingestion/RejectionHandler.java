package dev.vigil.ingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.errors.VigilError;
import dev.vigil.query.JsonBodies;
import dev.vigil.storage.FaultKind;
import dev.vigil.storage.StorageException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Map;

/**
 * Funqy answers every exception a function throws with a 500. This failure handler, registered ahead of Quarkus'
 * own, turns bad input into the 4xx it is: {@code {"code", "field", "message"}}; and a body over the size limit,
 * which the body handler refuses with a bare 413, into the error body of the API it was sent to.
 */
@ApplicationScoped
public class RejectionHandler {

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
        // Quarkus REST waits forever for a body announced as zero bytes long; without the header it reads none
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            if ("0".equals(ctx.request().getHeader("Content-Length"))) {
                ctx.request().headers().remove("Content-Length");
            }
            ctx.next();
        });
        // Funqy fails with a NullPointerException on a POST without a body; refuse those before it sees them
        for (String path : new String[] {"/", "/ingest", "/ingestBatch", "/detect"}) {
            router.post(path).order(Integer.MIN_VALUE).handler(this::refuseEmpty);
        }
        // Funqy answers malformed plain JSON at a function's own path with an empty 400 (no code, no field); each of
        // these functions has a REST twin taking the same plain JSON with exact errors, so plain posts go there.
        // CloudEvents (binary: ce-specversion header; structured: cloudevents content type) stay with Funqy.
        Map<String, String> twins = Map.of("/ingest", "/readings", "/ingestBatch", "/readings",
                "/detect", "/api/v1/detection/runs");
        twins.forEach((path, twin) -> router.post(path).order(Integer.MIN_VALUE).handler(ctx -> {
            if (isCloudEvent(ctx)) {
                ctx.next();
            } else {
                ctx.reroute(twin);
            }
        }));
    }

    private static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StorageException) {
                return FaultKind.of(t) == FaultKind.TRANSIENT;
            }
        }
        return false;
    }

    private static boolean isCloudEvent(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return ctx.request().getHeader("ce-specversion") != null
                || (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/cloudevents"));
    }

    /**
     * The body handler refuses a body over {@code quarkus.http.limits.max-body-size} with a bare 413; clients get the
     * error body of their API (Azure's {@code InvalidFileSize}, the code its contract gives too-large input).
     */
    private static void tooLarge(RoutingContext ctx) {
        String message = "The request body is larger than this server takes (quarkus.http.limits.max-body-size).";
        if (ctx.normalizedPath().startsWith("/anomalydetector/")) {
            ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                    .putHeader("x-ms-error-code", "InvalidFileSize")
                    .end(new JsonObject().put("code", "InvalidFileSize").put("message", message).encode());
            return;
        }
        new VigilError("BodyTooLarge", null, message).send(ctx, 413);
    }

    private void refuseEmpty(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        boolean chunked = ctx.request().getHeader("Transfer-Encoding") != null;
        if (!chunked && (length == null || "0".equals(length.trim()))) {
            new VigilError("EmptyBody", "data", "the request has no body: send JSON (for /detect, {} will do)")
                    .send(ctx, 400);
            return;
        }
        ctx.next();
    }

    private void answer(RoutingContext ctx) {
        if (ctx.failure() == null && ctx.statusCode() == 413 && !ctx.response().headWritten()) {
            tooLarge(ctx);
            return;
        }
        if (!ctx.response().headWritten() && unavailable(ctx.failure())) {
            ctx.response().putHeader("Retry-After", "5");
            new VigilError("StorageUnavailable", null, "the database is unavailable; nothing was stored, retry shortly")
                    .send(ctx, 503);
            return;
        }
        Throwable t = ctx.failure();
        while (t != null && !(t instanceof RejectedInput) && !(t instanceof JsonProcessingException)) {
            t = t.getCause();
        }
        if (t == null || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        if (t instanceof RejectedInput r) {
            r.error().send(ctx, r.status());
        } else {
            JsonBodies.malformed((JsonProcessingException) t, "data").error().send(ctx, 400);
        }
    }
}

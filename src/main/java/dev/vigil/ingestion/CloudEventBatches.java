package dev.vigil.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.observability.TraceContext;
import dev.vigil.storage.Json;
import io.opentelemetry.api.trace.Span;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Takes CloudEvents batches ({@code application/cloudevents-batch+json}) at the ingestion functions' paths: Funqy
 * reads one event per request and answered a batch with an empty 406. Runs after the body gate (size limits) and the
 * key check; the answer is the batch's {@code {"accepted", "duplicates", "duplicate"}}, errors Vigil's
 * ({@link RejectionHandler}). Thin: decoding and storing are {@link ReadingIntake#takeBatch}'s.
 */
@ApplicationScoped
public class CloudEventBatches {

    static final String MEDIA_TYPE = "application/cloudevents-batch+json";
    private static final String[] PATHS = {"/", "/ingest", "/ingestBatch"};
    /** Links from the request's span to the events' own traces, at most (as a Kafka poll's). */
    private static final int MAX_LINKS = 32;

    private final ReadingIntake intake;

    public CloudEventBatches(ReadingIntake intake) {
        this.intake = intake;
    }

    void register(@Observes Router router) {
        for (String path : PATHS) {
            router.post(path).order(RouteConstants.ROUTE_ORDER_BODY_HANDLER + 2).handler(this::take);
        }
    }

    static boolean isBatch(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(MEDIA_TYPE);
    }

    private void take(RoutingContext ctx) {
        if (!isBatch(ctx.request().getHeader("Content-Type"))) {
            ctx.next();
            return;
        }
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            ctx.fail(new RejectedInput(400, "EmptyBody", "data", "the request has no body: send a JSON array of "
                    + "CloudEvents"));
            return;
        }
        JsonNode events;
        try {
            events = Json.mapper().readTree(body.getBytes());
        } catch (IOException e) {
            ctx.fail(e);
            return;
        }
        linkTraces(events);
        ctx.vertx().<String>executeBlocking(() -> Json.mapper().writeValueAsString(intake.takeBatch(events, "http")),
                false).onComplete(done -> {
                    if (done.failed()) {
                        ctx.fail(done.cause());
                    } else {
                        ctx.response().putHeader("Content-Type", "application/json").end(done.result());
                    }
                });
    }

    /** Each event's {@code traceparent} attribute (the distributed-tracing extension) as a link of the request's span. */
    private static void linkTraces(JsonNode events) {
        if (!events.isArray()) {
            return;
        }
        List<String> parents = new ArrayList<>();
        for (JsonNode e : events) {
            JsonNode t = e.get(TraceContext.TRACEPARENT);
            if (t != null && t.isTextual()) {
                parents.add(t.asText());
            }
        }
        TraceContext.parseAll(parents, MAX_LINKS).forEach(Span.current()::addLink);
    }
}

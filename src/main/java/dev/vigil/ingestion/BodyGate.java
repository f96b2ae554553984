package dev.vigil.ingestion;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.errors.VigilError;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Bounds what an ingestion body may make the server build. The HTTP layer caps a body's bytes
 * ({@code quarkus.http.limits.max-body-size}); inside that, a body such as {@code [{},{},...]} would still become
 * millions of JSON nodes before the batch-size check could see it. This gate scans the buffered body as a token
 * stream, in constant memory, and answers {@code 413} as soon as an array holds more than {@code max-batch}
 * elements or the body more than {@value #VALUES_PER_READING} JSON values per allowed reading. Malformed JSON is
 * left to the endpoint, which names the error precisely. A structured CloudEvent must also carry its required
 * attributes, which Funqy would otherwise trip over with a 500, and a binary-mode one its {@code ce-*} headers, without
 * which Funqy answers an empty 404; the data of either must be JSON (a 415 naming {@code content-type} or
 * {@code datacontenttype}; Funqy answered other data with a 500).
 */
@ApplicationScoped
public class BodyGate {

    /** A reading with 32 dimensions is about 70 JSON values; the rest is envelope. */
    static final int VALUES_PER_READING = 80;

    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] PATHS = {"/", "/ingest", "/ingestBatch", "/readings"};

    private final IngestionConfig config;

    public BodyGate(IngestionConfig config) {
        this.config = config;
    }

    void register(@Observes Router router) {
        for (String path : PATHS) {
            router.post(path).order(RouteConstants.ROUTE_ORDER_BODY_HANDLER + 1).handler(this::check);
        }
    }

    private void check(RoutingContext ctx) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        String refusal = body == null ? null : refusal(body.getBytes());
        if (refusal != null) {
            new VigilError("BatchTooLarge", "data", refusal).send(ctx, 413);
            return;
        }
        boolean structured = CloudEventRules.isStructured(ctx.request().getHeader("Content-Type"));
        RejectedInput problem = structured ? (body == null ? null : CloudEventRules.problem(body.getBytes()))
                : CloudEventRules.binaryProblem(ctx.request().headers(), body != null && body.length() > 0);
        if (problem != null) {
            problem.error().send(ctx, problem.status());
            return;
        }
        ctx.next();
    }

    /** Why the body is too large to parse, or null when it is not (or is not JSON at all). */
    String refusal(byte[] body) {
        long maxValues = (long) config.maxBatch() * VALUES_PER_READING;
        // the tokenizer's pass below took a quarter of HTTP ingestion's CPU; the byte scan clears nearly every body
        if (!BodyScan.mayExceed(body, config.maxBatch(), maxValues)) {
            return null;
        }
        long values = 0;
        // one entry per open container: the elements seen so far, or -1 for an object
        Deque<long[]> open = new ArrayDeque<>();
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) {
                    open.pop();
                    continue;
                }
                if (t == JsonToken.FIELD_NAME) {
                    continue;
                }
                if (++values > maxValues) {
                    return "a body may hold at most " + maxValues + " JSON values (" + config.maxBatch()
                            + " readings)";
                }
                long[] container = open.peek();
                if (container != null && container[0] >= 0 && ++container[0] > config.maxBatch()) {
                    return "an array holds at most " + config.maxBatch() + " elements (a batch at most "
                            + config.maxBatch() + " readings)";
                }
                if (t == JsonToken.START_ARRAY) {
                    open.push(new long[] {0});
                } else if (t == JsonToken.START_OBJECT) {
                    open.push(new long[] {-1});
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}

package dev.vigil.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.ingestion.IngestionService.IngestResult;
import dev.vigil.observability.TraceContext;
import dev.vigil.storage.EventLedger.EventId;
import io.opentelemetry.api.trace.Span;
import io.quarkus.funqy.Context;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * HTTP ingestion functions. Each answers plain JSON ({@code POST /ingest}), binary-mode and structured-mode
 * CloudEvents (routed by type: {@code dev.vigil.reading.v1} and {@code dev.vigil.readings.v1}). Both take one
 * reading, an array, or {@code {"readings": [...]}}. The names are public API.
 */
@ApplicationScoped
public class ReadingFunctions {

    private final ReadingIntake intake;

    public ReadingFunctions(ReadingIntake intake) {
        this.intake = intake;
    }

    @Funq("ingest")
    public IngestResult ingest(JsonNode data, @Context CloudEvent<?> event) {
        return take(data, event);
    }

    @Funq("ingestBatch")
    public IngestResult ingestBatch(JsonNode data, @Context CloudEvent<?> event) {
        return take(data, event);
    }

    private IngestResult take(JsonNode data, CloudEvent<?> event) {
        if (event == null || event.id() == null) {
            return intake.take(data, null, null, "http");
        }
        EventId id = InputRules.eventId(event.source(), event.id(), "source", "id");
        // a binary event's traceparent header already parents the request's span; a structured event carries it
        // as an attribute in the body, known only now: link to it
        if (event.extensions() != null) {
            TraceContext.parse(event.extensions().get(TraceContext.TRACEPARENT)).ifPresent(Span.current()::addLink);
        }
        return intake.take(data, id, time(event), "http");
    }

    /** Funqy parses {@code time} only when asked, so a malformed one surfaces here and must be a 400, not a 500. */
    private static Instant time(CloudEvent<?> event) {
        try {
            return event.time() == null ? null : event.time().toInstant();
        } catch (DateTimeException e) {
            throw new RejectedInput(400, "InvalidCloudEvent", "time", "time is not an RFC 3339 date-time");
        }
    }
}

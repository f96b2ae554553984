package dev.vigil.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.ingestion.IngestionService.IngestResult;
import dev.vigil.storage.EventLedger.EventId;
import io.quarkus.funqy.Context;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;

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
        EventId id = new EventId(event.source() == null ? "" : event.source(), event.id());
        return intake.take(data, id, event.time() == null ? null : event.time().toInstant(), "http");
    }
}

package dev.vigil.ingestion;

import dev.vigil.aggregation.Reading;
import dev.vigil.ingestion.LedgeredMerge.Event;
import dev.vigil.ingestion.LedgeredMerge.Merged;
import dev.vigil.storage.EventLedger.EventId;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Takes validated readings into their windows. One transaction per call: when it returns, the readings are
 * durable in PostgreSQL, and a CloudEvent that was already taken is dropped as a whole.
 */
@ApplicationScoped
public class IngestionService {

    private final LedgeredMerge merge;

    public IngestionService(LedgeredMerge merge) {
        this.merge = merge;
    }

    /** @param event the CloudEvent identity, or null for plain JSON (no de-duplication) */
    @Transactional
    @WithSpan("vigil.ingest.store")
    public IngestResult accept(List<Reading> readings, EventId event) {
        return result(merge.merge(List.of(new Event(readings, event))));
    }

    /**
     * The events of a CloudEvents batch, in one transaction: all are stored or none. An event taken before, or
     * earlier in the same batch, counts its readings as duplicates.
     */
    @Transactional
    @WithSpan("vigil.ingest.store")
    public IngestResult acceptEvents(List<Event> events) {
        return result(merge.merge(events));
    }

    private static IngestResult result(Merged merged) {
        return new IngestResult(merged.accepted(), merged.duplicates(), merged.accepted() == 0 && merged.duplicates() > 0);
    }

    /** What an ingest call took: readings counted, readings dropped as redelivered. */
    public record IngestResult(int accepted, int duplicates, boolean duplicate) {
    }
}

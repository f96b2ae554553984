package dev.vigil.ingestion;

import dev.vigil.aggregation.Reading;
import dev.vigil.aggregation.WindowAggregator;
import dev.vigil.storage.AggregateStore;
import dev.vigil.storage.EventLedger;
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

    private final AggregateStore aggregates;
    private final EventLedger ledger;
    private final AggregationConfig windows;

    public IngestionService(AggregateStore aggregates, EventLedger ledger, AggregationConfig windows) {
        this.aggregates = aggregates;
        this.ledger = ledger;
        this.windows = windows;
    }

    /** @param event the CloudEvent identity, or null for plain JSON (no de-duplication) */
    @Transactional
    @WithSpan("vigil.ingest.store")
    public IngestResult accept(List<Reading> readings, EventId event) {
        if (event != null && ledger.recordNew(List.of(event)).isEmpty()) {
            return new IngestResult(0, readings.size(), true);
        }
        aggregates.merge(new WindowAggregator(windows.window()).addAll(readings).windows());
        return new IngestResult(readings.size(), 0, false);
    }

    /** What an ingest call took: readings counted, readings dropped as redelivered. */
    public record IngestResult(int accepted, int duplicates, boolean duplicate) {
    }
}

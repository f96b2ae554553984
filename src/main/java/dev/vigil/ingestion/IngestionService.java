package dev.vigil.ingestion;

import dev.vigil.aggregation.Reading;
import dev.vigil.aggregation.WindowAggregator;
import dev.vigil.storage.AggregateStore;
import dev.vigil.storage.EventLedger;
import dev.vigil.storage.EventLedger.EventId;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
        if (event != null) {
            return acceptEvents(List.of(new Event(readings, event)));
        }
        aggregates.merge(new WindowAggregator(windows.window()).addAll(readings).windows());
        return new IngestResult(readings.size(), 0, false);
    }

    /**
     * The events of a CloudEvents batch, in one transaction: all are stored or none. An event taken before, or
     * earlier in the same batch, counts its readings as duplicates.
     */
    @Transactional
    @WithSpan("vigil.ingest.store")
    public IngestResult acceptEvents(List<Event> events) {
        Set<EventId> fresh = ledger.recordNew(events.stream().map(Event::id).toList());
        Set<EventId> taken = new HashSet<>();
        WindowAggregator aggregator = new WindowAggregator(windows.window());
        int accepted = 0;
        int duplicates = 0;
        for (Event e : events) {
            if (!fresh.contains(e.id()) || !taken.add(e.id())) {
                duplicates += e.readings().size();
                continue;
            }
            aggregator.addAll(e.readings());
            accepted += e.readings().size();
        }
        aggregates.merge(aggregator.windows());
        return new IngestResult(accepted, duplicates, accepted == 0 && duplicates > 0);
    }

    /** One CloudEvent of a batch: its validated readings and its identity. */
    public record Event(List<Reading> readings, EventId id) {
    }

    /** What an ingest call took: readings counted, readings dropped as redelivered. */
    public record IngestResult(int accepted, int duplicates, boolean duplicate) {
    }
}

package dev.vigil.ingestion;

import dev.vigil.aggregation.Reading;
import dev.vigil.aggregation.WindowAggregator;
import dev.vigil.storage.AggregateStore;
import dev.vigil.storage.EventLedger;
import dev.vigil.storage.EventLedger.EventId;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Merges the readings of a set of events into their windows, inside the caller's transaction, taking each event id
 * once: an id the ledger already holds, or one seen earlier in the same set, counts its readings as duplicates. The
 * one copy of this rule for HTTP (a request's transaction) and Kafka (a savepoint within a poll's).
 */
@ApplicationScoped
public class LedgeredMerge {

    /** The readings of one event; {@code id} null for plain JSON, which is never de-duplicated. */
    public record Event(List<Reading> readings, EventId id) {
    }

    /** Readings merged into windows, and readings dropped because their event was taken before. */
    public record Merged(int accepted, int duplicates) {
    }

    private final AggregateStore aggregates;
    private final EventLedger ledger;
    private final AggregationConfig windows;

    public LedgeredMerge(AggregateStore aggregates, EventLedger ledger, AggregationConfig windows) {
        this.aggregates = aggregates;
        this.ledger = ledger;
        this.windows = windows;
    }

    public Merged merge(List<Event> events) {
        List<EventId> ids = events.stream().map(Event::id).filter(Objects::nonNull).toList();
        Set<EventId> fresh = ledger.recordNew(ids);
        Set<EventId> taken = new HashSet<>();
        WindowAggregator aggregator = new WindowAggregator(windows.window());
        int accepted = 0;
        int duplicates = 0;
        for (Event e : events) {
            if (e.id() != null && (!fresh.contains(e.id()) || !taken.add(e.id()))) {
                duplicates += e.readings().size();
                continue;
            }
            aggregator.addAll(e.readings());
            accepted += e.readings().size();
        }
        aggregates.merge(aggregator.windows());
        return new Merged(accepted, duplicates);
    }
}

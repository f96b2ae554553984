package dev.vigil.ingestion;

import dev.vigil.aggregation.Reading;
import dev.vigil.aggregation.WindowAggregator;
import dev.vigil.storage.AggregateStore;
import dev.vigil.storage.EventLedger;
import dev.vigil.storage.EventLedger.EventId;
import dev.vigil.storage.OffsetStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores one Kafka poll exactly once: the event ids, the window aggregates and the next offsets commit in one
 * transaction, so a crash before the commit replays the poll and a crash after it replays nothing.
 */
@ApplicationScoped
public class KafkaIngestion {

    /** The readings of one record, with its CloudEvent identity if it is one. */
    public record Candidate(EventId event, List<Reading> readings) {
    }

    /** Readings stored and readings dropped as redelivered events. */
    public record Outcome(int accepted, int duplicates) {
    }

    private final AggregateStore aggregates;
    private final EventLedger ledger;
    private final OffsetStore offsets;
    private final AggregationConfig windows;

    public KafkaIngestion(AggregateStore aggregates, EventLedger ledger, OffsetStore offsets,
                          AggregationConfig windows) {
        this.aggregates = aggregates;
        this.ledger = ledger;
        this.offsets = offsets;
        this.windows = windows;
    }

    @Transactional
    public Outcome accept(String topic, List<Candidate> candidates, Map<Integer, Long> nextOffsets) {
        List<EventId> ids = new ArrayList<>();
        candidates.stream().filter(c -> c.event() != null).forEach(c -> ids.add(c.event()));
        Set<EventId> fresh = ledger.recordNew(ids);
        Set<EventId> taken = new HashSet<>();
        WindowAggregator aggregator = new WindowAggregator(windows.window());
        int accepted = 0;
        int duplicates = 0;
        for (Candidate c : candidates) {
            // an id counts once: not if an earlier poll took it, nor twice within this poll
            if (c.event() != null && (!fresh.contains(c.event()) || !taken.add(c.event()))) {
                duplicates += c.readings().size();
                continue;
            }
            aggregator.addAll(c.readings());
            accepted += c.readings().size();
        }
        aggregates.merge(aggregator.windows());
        offsets.save(topic, nextOffsets);
        return new Outcome(accepted, duplicates);
    }
}

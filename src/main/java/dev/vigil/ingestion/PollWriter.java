package dev.vigil.ingestion;

import dev.vigil.aggregation.WindowAggregator;
import dev.vigil.storage.AggregateStore;
import dev.vigil.storage.EventLedger;
import dev.vigil.storage.EventLedger.EventId;
import dev.vigil.storage.FaultKind;
import dev.vigil.storage.Savepoints;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the valid records of a poll inside the caller's transaction, and finds the ones PostgreSQL refuses. The
 * whole set is tried once; only if that fails with a {@link FaultKind#POISON} fault is it split in halves, each
 * tried in its own savepoint, down to the single records that fail: k bad records among n cost about 2k·log2(n)
 * attempts, and good records are never written twice. A transient fault aborts the whole write.
 */
@ApplicationScoped
public class PollWriter {

    /** Readings stored, readings dropped as redelivered events, and the records PostgreSQL refused. */
    public record Written(int accepted, int duplicates, List<DeadLetter> refused) {
    }

    private record Stored(int accepted, int duplicates) {
    }

    private final AggregateStore aggregates;
    private final EventLedger ledger;
    private final AggregationConfig windows;
    private final Savepoints savepoints;

    public PollWriter(AggregateStore aggregates, EventLedger ledger, AggregationConfig windows, Savepoints savepoints) {
        this.aggregates = aggregates;
        this.ledger = ledger;
        this.windows = windows;
        this.savepoints = savepoints;
    }

    public Written write(List<Poll.Valid> records) {
        int[] tally = new int[2];
        List<DeadLetter> refused = new ArrayList<>();
        isolate(records, tally, refused);
        return new Written(tally[0], tally[1], refused);
    }

    private void isolate(List<Poll.Valid> group, int[] tally, List<DeadLetter> refused) {
        if (group.isEmpty()) {
            return;
        }
        try {
            Stored stored = savepoints.attempt(() -> store(group));
            tally[0] += stored.accepted();
            tally[1] += stored.duplicates();
        } catch (RuntimeException e) {
            if (FaultKind.of(e) != FaultKind.POISON) {
                throw e;
            }
            if (group.size() == 1) {
                refused.add(DeadLetter.refusedByStorage(group.get(0).record(), e));
                return;
            }
            int half = group.size() / 2;
            isolate(group.subList(0, half), tally, refused);
            isolate(group.subList(half, group.size()), tally, refused);
        }
    }

    private Stored store(List<Poll.Valid> group) {
        List<EventId> ids = new ArrayList<>();
        group.stream().filter(r -> r.event() != null).forEach(r -> ids.add(r.event()));
        // an id counts once: not if an earlier poll or part of this poll took it, nor twice within this group
        Set<EventId> fresh = ledger.recordNew(ids);
        Set<EventId> taken = new HashSet<>();
        WindowAggregator aggregator = new WindowAggregator(windows.window());
        int accepted = 0;
        int duplicates = 0;
        for (Poll.Valid r : group) {
            if (r.event() != null && (!fresh.contains(r.event()) || !taken.add(r.event()))) {
                duplicates += r.readings().size();
                continue;
            }
            aggregator.addAll(r.readings());
            accepted += r.readings().size();
        }
        aggregates.merge(aggregator.windows());
        return new Stored(accepted, duplicates);
    }
}

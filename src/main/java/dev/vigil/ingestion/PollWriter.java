package dev.vigil.ingestion;

import dev.vigil.ingestion.LedgeredMerge.Event;
import dev.vigil.ingestion.LedgeredMerge.Merged;
import dev.vigil.storage.FaultKind;
import dev.vigil.storage.Savepoints;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

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

    private final LedgeredMerge merge;
    private final Savepoints savepoints;

    public PollWriter(LedgeredMerge merge, Savepoints savepoints) {
        this.merge = merge;
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
            Merged stored = savepoints.attempt(() -> store(group));
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

    private Merged store(List<Poll.Valid> group) {
        return merge.merge(group.stream().map(r -> new Event(r.readings(), r.event())).toList());
    }
}

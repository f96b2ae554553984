package dev.vigil.scheduling;

import dev.vigil.storage.ClaimStore;
import dev.vigil.storage.ClaimStore.Claim;
import dev.vigil.storage.ScoringStore;
import dev.vigil.storage.ScoringStore.WindowRef;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores one chunk of a shard in one transaction: results, the windows' scored marks, detector states, outbox rows
 * and the claim's counts commit together, so a crash leaves the chunk pending and a rerun writes nothing twice.
 *
 * <p>A series whose state will not restore or whose detector throws is quarantined in the same transaction and its
 * windows stay pending; the other series of the chunk are scored as if it were not there.
 */
@ApplicationScoped
public class ShardScorer {

    /** What one chunk did: windows scored, anomalies flagged, the series scored, the series set aside. */
    public record Chunk(int windows, int anomalies, Set<Long> series, int quarantined) {
    }

    private final ScoringStore store;
    private final ClaimStore claims;
    private final ChunkScoring scoring;
    private final Quarantines quarantines;

    public ShardScorer(ScoringStore store, ClaimStore claims, ChunkScoring scoring, Quarantines quarantines) {
        this.store = store;
        this.claims = claims;
        this.scoring = scoring;
        this.quarantines = quarantines;
    }

    /** Scores the chunk's windows that are still pending, and counts them on the run's claim, in one transaction. */
    @Transactional
    @WithSpan("vigil.detection.chunk")
    public Chunk score(int shard, List<WindowRef> chunk, Instant cutoff, Duration size) {
        store.lockShard(shard);
        ChunkScoring.Outcome outcome = scoring.score(store.fetch(chunk), cutoff, size);
        quarantines.record(outcome.failed());
        quarantines.clear(outcome.released());
        Chunk done = outcome.chunk();
        claims.count(cutoff, shard, done.windows(), done.anomalies(), done.quarantined());
        return done;
    }

    /** Sets one series aside after its chunk failed to store; own transaction (the chunk's was rolled back). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void quarantine(Claim claim, long seriesId, RuntimeException failure) {
        quarantines.record(Map.of(seriesId, describe(failure)));
        claims.count(claim.cutoff(), claim.shard(), 0, 0, 1);
    }

    /** The failure as an operator reads it: what failed, and the root cause that says why. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = line(e, 300);
        return root == e ? what : what + " (root cause: " + line(root, 500) + ")";
    }

    private static String line(Throwable t, int max) {
        String s = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        s = s.replaceAll("\\s+", " ");
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }
}

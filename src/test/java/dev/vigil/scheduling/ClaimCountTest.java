package dev.vigil.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.aggregation.SeriesKey;
import dev.vigil.aggregation.Windows;
import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.storage.ClaimStore;
import dev.vigil.storage.QueryStore;
import dev.vigil.storage.ScoringStore;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run's windows scored ({@code /api/v1/runs}) counts every window scored under its claims once, whichever replica
 * scored it: one that died holding a claim counts what it committed, and the replica that took the claim over counts
 * only what it scored itself (the first holder's windows are no longer pending, so nothing is scored twice).
 */
@QuarkusTest
class ClaimCountTest {

    private static final int WINDOWS = 40;
    private static final int BEFORE_DYING = 15;

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    ClaimStore claims;
    @Inject
    ScoringStore store;
    @Inject
    ShardScorer scorer;
    @Inject
    DetectionConfig config;
    @Inject
    AggregationConfig windows;
    @Inject
    QueryStore query;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    void windowsAHolderScoredBeforeItDiedCountOnceInTheRun() {
        Series.steady("takeover", "a", WINDOWS, 1);
        Instant now = Series.nowAfter(WINDOWS);
        Duration size = windows.window();
        Instant cutoff = Windows.closedUntil(now, size, config.delay());
        int shard = (int) Math.abs(SeriesKey.of("takeover", Map.of("meter", "a")).id() % config.shards());
        // a replica claims every shard, commits one chunk of its series' shard and dies before completing any
        claims.claimNext(cutoff, config.shards(), config.shards(), "dead", Duration.ZERO);
        var chunk = store.plan(shard, config.shards(), cutoff, size, BEFORE_DYING);
        assertEquals(BEFORE_DYING, scorer.score(shard, chunk, cutoff, size).windows());

        DetectionRun.Report report = run.run(now);
        assertEquals(config.shards(), report.shardsClaimed(), "every expired claim is taken over");
        assertEquals(WINDOWS - BEFORE_DYING, report.windowsScored(), "the new holder scores only what is left");
        assertEquals(WINDOWS, db.count("select count(*) from anomaly_result"), "each window is scored once");
        assertEquals(WINDOWS, query.runs(1).get(0).windowsScored(), "the run counts the dead holder's windows too");
    }
}

package dev.vigil.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.aggregation.SeriesKey;
import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.storage.ClaimStore;
import dev.vigil.storage.ScoringStore;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A backlog larger than a run's budget: each run takes every shard's oldest pending windows across all its series up
 * to the shard's share of the budget, so every series progresses and the backlog drains a full budget per run.
 * Replicas split a run's shards between them.
 */
@QuarkusTest
@TestProfile(FairCatchUpTest.SmallBudget.class)
class FairCatchUpTest {

    static final int SHARDS = 4;
    static final int BUDGET = 48;
    static final int SERIES = 24;
    static final int WINDOWS = 10;

    /** 12 windows per shard and run, chunks of 5 windows: the backlog of 240 takes several runs. */
    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.detection.shards", String.valueOf(SHARDS),
                    "vigil.detection.max-windows-per-run", String.valueOf(BUDGET),
                    "vigil.detection.chunk", "5",
                    // two workers per replica, as on a 2-core machine: runs score shards at once
                    "vigil.detection.parallel-shards", "2");
        }
    }

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    ClaimStore claims;
    @Inject
    DetectionConfig config;
    @Inject
    AggregationConfig windows;
    @Inject
    ShardPass shards;
    @Inject
    RunFollowUps followUps;
    @Inject
    RunMeters runMeters;
    @Inject
    DataSource dataSource;

    /**
     * Six series per shard, so each shard's share of the budget is the whole story (with many series, hashing spreads
     * them evenly; with 24 it would not).
     */
    @BeforeEach
    void seed() {
        db.reset();
        int[] perShard = new int[SHARDS];
        for (int m = 0, seeded = 0; seeded < SERIES; m++) {
            int shard = (int) Math.abs(SeriesKey.of("fair", Map.of("meter", "m" + m)).id() % SHARDS);
            if (perShard[shard] < SERIES / SHARDS) {
                perShard[shard]++;
                seeded++;
                Series.steady("fair", "m" + m, WINDOWS, m);
            }
        }
    }

    @Test
    void aBacklogLargerThanTheBudgetDrainsOldestFirstAndLeavesNoSeriesBehind() {
        Instant now = Series.nowAfter(WINDOWS).plusSeconds(600);
        for (int runs = 0; pending() > 0; runs++) {
            assertTrue(runs < SERIES * WINDOWS / BUDGET, "the backlog drains a full budget per run");
            DetectionRun.Report report = run.run(now.plus(Duration.ofMinutes(15L * runs)));
            assertEquals(BUDGET, report.windowsScored(), "every shard scores its full share while work is left");
            assertEquals(0, db.count("""
                    select count(*) from window_aggregate p join window_aggregate s
                      on abs(p.series_id % 4) = abs(s.series_id % 4) and p.window_start < s.window_start
                    where p.scored_revision is null and s.scored_revision is not null"""),
                    "no window waits while a newer one of its shard was scored: oldest first across series");
            if (runs == 0) {
                assertEquals(SERIES, db.count("select count(distinct series_id) from anomaly_result"),
                        "the first run scored the oldest windows of every series");
            }
        }
        assertEquals(SERIES * WINDOWS, db.count("select count(*) from anomaly_result"));
        assertEquals(SERIES, db.count("select count(*) from series_state"));
    }

    @Test
    void twoReplicasSplitARunAndScoreEachWindowOnce() {
        // another replica: claims of its own (its own replica id), the same beans otherwise
        DetectionRun other = new DetectionRun(new ShardClaims(claims, config, windows), shards, followUps, runMeters);
        Instant now = Series.nowAfter(WINDOWS).plusSeconds(600);
        var first = CompletableFuture.supplyAsync(() -> run.run(now));
        var second = CompletableFuture.supplyAsync(() -> other.run(now));
        assertEquals(SHARDS, first.join().shardsClaimed() + second.join().shardsClaimed());
        assertEquals(BUDGET, first.join().windowsScored() + second.join().windowsScored());
        assertEquals(BUDGET, db.count("select count(*) from anomaly_result"));
        assertEquals(SHARDS, db.count("select count(*) from detection_claim where completed_at is not null"));
    }

    @Test
    void claimsAreHandedOutAFewAtATimeSoReplicasShareARun() {
        Instant cutoff = Series.windowStart(WINDOWS);
        Duration lease = Duration.ofMinutes(10);
        List<ClaimStore.Claim> a = claims.claimNext(cutoff, SHARDS, 1, "replica-a", lease);
        List<ClaimStore.Claim> b = claims.claimNext(cutoff, SHARDS, 1, "replica-b", lease);
        assertEquals(1, a.size());
        assertEquals(1, b.size());
        assertNotEquals(a.get(0).shard(), b.get(0).shard());
        assertEquals(SHARDS - 2, claims.unclaimed(cutoff, SHARDS));
        assertEquals(SHARDS - 2, claims.claimNext(cutoff, SHARDS, SHARDS, "replica-a", lease).size());
        assertEquals(0, claims.claimNext(cutoff, SHARDS, 1, "replica-b", lease).size());
        assertEquals(0, claims.unclaimed(cutoff, SHARDS));
    }

    @Test
    void eachShardFindsItsWindowsThroughItsIndex() throws SQLException {
        db.exec("analyze window_aggregate");
        StringBuilder plan = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // a table this small would be read whole; the question is whether the index can serve the query
            s.execute("set enable_seqscan = off");
            try (ResultSet rs = s.executeQuery("explain " + ScoringStore.planSql(SHARDS).replaceFirst("\\?", "1")
                    .replaceFirst("\\?", "'" + Series.windowStart(WINDOWS) + "'").replaceFirst("\\?", "12"))) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            s.execute("reset enable_seqscan");
        }
        assertTrue(plan.toString().lines().anyMatch(l -> l.contains("Index Cond:") && l.contains("series_id % '4'")
                && l.contains("= 1)")), "the shard is an index condition:\n" + plan);
        assertFalse(plan.toString().contains("Seq Scan on window_aggregate"), plan.toString());
    }

    private long pending() {
        return db.count("select count(*) from window_aggregate where scored_revision is null");
    }
}

package dev.vigil.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.aggregation.Windows;
import dev.vigil.testing.Db;
import dev.vigil.testing.Readings;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run's follow-ups (groups, incidents, silence) judge the whole fleet at the cutoff, so they wait for the last
 * shard of the run: a replica that finishes its shards while another still scores leaves them to that one. Before,
 * the fault driver's two-replica scenario reported a fleet-wide silence as two series alone plus a scope of 22.
 */
@QuarkusTest
class UnfinishedRunTest {

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    DetectionConfig config;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    void aFleetSilenceIsJudgedOnceEveryShardOfTheRunIsScored() {
        int fleet = 12;
        for (int m = 0; m < fleet; m++) {
            Readings.post("current", Map.of("meter", "m" + m), 0, 4, i -> 4 + i);
        }
        Instant now = Series.nowAfter(20);
        Instant cutoff = Windows.closedUntil(now, Duration.ofMinutes(5), config.delay());
        // another replica holds the shard of m0 in this run and is still scoring it (shards are abs(id % shards))
        long shard = db.count("select abs(id % " + config.shards() + ") from series where series_key = 'current{meter=m0}'");
        db.exec("insert into detection_claim (run_cutoff, shard, claimed_by, lease_until) values ('" + cutoff
                + "', " + shard + ", 'replica-b', now() + interval '10 minutes')");

        run.run(now);
        assertEquals(config.shards() - 1, db.count("select count(*) from detection_claim where completed_at is not null"));
        assertEquals(0, db.count("select count(*) from series_silence"), "the fleet is not judged half scored");

        // replica-b finishes its shard (here: gives it up, so this replica takes it over) and the run is whole
        db.exec("update detection_claim set lease_until = now() where claimed_by = 'replica-b'");
        run.run(now);
        assertEquals(fleet, db.count("select count(*) from series_silence where scope = '{}'"),
                "one silence of the fleet, none alone");
        assertEquals(0, db.count("select count(*) from alert_outbox where payload->>'type' = 'dev.vigil.silence.started.v1'"));
        assertEquals(1, db.count("select count(*) from alert_outbox "
                + "where payload->>'type' = 'dev.vigil.silence.scope.started.v1'"));
    }
}

package dev.vigil.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.storage.ClaimStore;
import dev.vigil.storage.EventLedger;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.PartitionStore;
import dev.vigil.storage.PartitionStore.Partition;
import dev.vigil.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Storage stays bounded: partitions exist ahead of the data, a new partition takes over the default partition's rows
 * of its range, expired partitions are dropped whole, and the outbox, claims, event ids and the default partition
 * are pruned in batches, keeping what is still needed.
 */
@QuarkusTest
class RetentionTest {

    @Inject
    Db db;
    @Inject
    PartitionStore partitions;
    @Inject
    RetentionRun retention;
    @Inject
    RetentionConfig config;
    @Inject
    OutboxStore outbox;
    @Inject
    ClaimStore claims;
    @Inject
    EventLedger ledger;

    @BeforeEach
    void clean() {
        db.reset();
        db.exec("insert into series (id, series_key, metric, dimensions) values (1, 'r{}', 'r', '{}')");
    }

    @Test
    void partitionsAreMadeAheadTakeOverTheDefaultsRowsAndAreDroppedWhole() {
        List<Partition> before = partitions.partitions("window_aggregate");
        Instant lastUntil = before.get(before.size() - 1).until();
        assertFalse(lastUntil.isBefore(Instant.now().plus(config.ahead()).minus(Duration.ofDays(1))),
                "partitions reach about " + config.ahead() + " ahead from the start");

        Instant beyond = lastUntil.plus(Duration.ofDays(2));
        window(beyond);
        assertEquals(1, db.count("select count(*) from window_aggregate_default"), "no partition yet: the default");
        List<Partition> created = partitions.createAhead("window_aggregate", beyond,
                beyond.plus(Duration.ofDays(1)), Duration.ofDays(7));
        assertEquals(1, created.size());
        assertEquals(lastUntil, created.get(0).from(), "partitions continue from the newest bound");
        assertEquals(0, db.count("select count(*) from window_aggregate_default"));
        assertEquals(1, db.count("select count(*) from " + created.get(0).name()), "the row moved in");
        assertEquals(0, partitions.createAhead("window_aggregate", beyond, beyond, Duration.ofDays(7)).size(), "idempotent");

        Partition oldest = partitions.partitions("window_aggregate").get(0);
        window(oldest.from());
        List<Partition> dropped = partitions.dropBefore("window_aggregate", oldest.until());
        assertEquals(List.of(oldest), dropped);
        assertEquals(1, db.count("select count(*) from window_aggregate"), "only the row beyond is left");
        assertEquals(0, partitions.dropBefore("window_aggregate", oldest.until()).size());
    }

    @Test
    void outboxClaimsEventIdsAndOldDefaultRowsArePrunedInBatches() {
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(40));
        db.exec("insert into alert_outbox (id, series_id, payload, created_at, published_at) select gen_random_uuid(), 1,"
                + " '{}', '" + old + "', '" + old + "' from generate_series(1, 12)");
        db.exec("insert into alert_outbox (id, series_id, payload, created_at) values (gen_random_uuid(), 1, '{}', '"
                + old + "')");
        db.exec("insert into alert_outbox (id, series_id, payload, published_at) values (gen_random_uuid(), 1, '{}', "
                + "now())");
        assertEquals(5, outbox.prunePublished(now.minus(config.publishedAlerts()), 5));
        assertEquals(5, outbox.prunePublished(now.minus(config.publishedAlerts()), 5));
        assertEquals(2, outbox.prunePublished(now.minus(config.publishedAlerts()), 5));
        assertEquals(2, db.count("select count(*) from alert_outbox"), "unpublished and recent alerts stay");

        db.exec("insert into detection_claim (run_cutoff, shard, claimed_by, lease_until, completed_at) select '" + old
                + "', g, 'r', now(), now() from generate_series(0, 6) g");
        db.exec("insert into detection_claim (run_cutoff, shard, claimed_by, lease_until) values ('" + old
                + "', 7, 'r', now())");
        db.exec("insert into ingested_event (source, id, received_at) select 's', g::text, '" + old
                + "' from generate_series(1, 11) g");
        window(now.minus(Duration.ofDays(500)));
        window(now.minus(Duration.ofDays(450)));
        window(now.minus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.DAYS));

        RetentionRun.Report report = retention.run(now);
        assertTrue(report.rowsDeleted() >= 7 + 11 + 2, report.toString());
        assertEquals(1, db.count("select count(*) from detection_claim"), "an unfinished claim is kept");
        assertEquals(0, db.count("select count(*) from ingested_event"));
        assertEquals(1, db.count("select count(*) from window_aggregate where window_start < ?",
                Timestamp.from(now)), "rows past retention left the default partition, the recent one stayed");
    }

    @Test
    void changePointsGoWithTheResultsOfTheirWindows() {
        Instant now = Instant.now();
        for (Instant at : List.of(now.minus(config.results()).minus(Duration.ofDays(1)), now.minus(Duration.ofDays(1)))) {
            db.exec("insert into change_point (series_id, window_start, detector, detector_version, value, magnitude, "
                    + "direction, severity, score, run_cutoff) values (1, '" + at + "', 'd', 1, 2, 1, 'up', 1, 1, '"
                    + at + "')");
        }
        retention.run(now);
        assertEquals(1, db.count("select count(*) from change_point where window_start > ?",
                Timestamp.from(now.minus(config.results()))), "the recent change point stays");
        assertEquals(1, db.count("select count(*) from change_point"), "the expired one went");
    }

    @Test
    void resolvedIncidentsPastRetentionGoWithTheirAnomaliesOpenOnesStay() {
        Instant now = Instant.now();
        Instant old = now.minus(config.incidents()).minus(Duration.ofDays(3));
        for (String[] incident : new String[][] {{"00000000-0000-0000-0000-00000000000a", "resolved"},
                {"00000000-0000-0000-0000-00000000000b", "open"}}) {
            db.exec("insert into incident (id, scope, status, first_window, last_window, peak_severity, series_count,"
                    + " anomaly_count, version) values ('" + incident[0] + "', '{}', '" + incident[1] + "', '" + old
                    + "', '" + old + "', 0.9, 1, 1, 1)");
        }
        db.exec("insert into incident_anomaly (series_id, window_start, incident_id, severity) values (1, '" + now
                + "', '00000000-0000-0000-0000-00000000000a', 0.9), (2, '" + now
                + "', '00000000-0000-0000-0000-00000000000b', 0.9)");
        db.exec("insert into alert_decision (series_id, window_start, rule_id, outcome, severity) values (1, '" + now
                + "', 1, 'alerted', 0.9)");
        for (Instant at : List.of(now, now.minus(config.decisions()).minus(Duration.ofDays(1)))) {
            db.exec("insert into group_decision (group_name, entity_id, window_start, rule_id, outcome, severity, "
                    + "entity_key, dimensions) values ('meters', 1, '" + at + "', 0, 'alerted', 0.9, 'm1', '{}')");
        }
        db.exec("insert into incident_group_anomaly (group_name, entity_id, window_start, incident_id, severity) "
                + "values ('meters', 1, '" + now + "', '00000000-0000-0000-0000-00000000000a', 0.9)");

        retention.run(now);

        assertEquals(1, db.count("select count(*) from incident where status = 'open'"), "open incidents stay");
        assertEquals(0, db.count("select count(*) from incident where status = 'resolved'"));
        assertEquals(1, db.count("select count(*) from incident_anomaly"), "the resolved one's anomalies went too");
        assertEquals(1, db.count("select count(*) from alert_decision"), "a recent decision stays");
        assertEquals(1, db.count("select count(*) from group_decision where window_start > ?",
                Timestamp.from(now.minus(config.decisions()))),
                "the recent group decision stays, the expired one went");
        assertEquals(1, db.count("select count(*) from group_decision"));
        assertEquals(0, db.count("select count(*) from incident_group_anomaly"),
                "the resolved incident's group anomalies went with it");
        assertTrue(partitions.partitions("alert_decision").size() >= 2, "decisions have weekly partitions");
        assertTrue(partitions.partitions("incident_anomaly").size() >= 2, "so have incident anomalies");
    }

    private void window(Instant start) {
        db.exec("insert into window_aggregate (series_id, window_start, count, sum, min, max, last_value, last_ts) "
                + "values (1, '" + start + "', 1, 1, 1, 1, 1, '" + start + "')");
    }
}

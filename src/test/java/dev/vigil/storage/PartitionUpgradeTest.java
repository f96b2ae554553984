package dev.vigil.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testing.UpgradeDatabases;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The upgrade to time-partitioned windows and results, from the schema as it was before (V20) with rows in it: every
 * row survives, lands in a partition of its week (or the default partition when older than every partition), and the
 * pipeline's statements work on the result. Runs in a database of its own on the test server.
 */
@QuarkusTest
class PartitionUpgradeTest {

    @Inject
    UpgradeDatabases databases;

    @Test
    void anInstallationWithDataUpgradesToPartitionedTablesAndKeepsEveryRow() throws SQLException {
        try (UpgradeDatabases.Database upgrade = databases.create("vigil_upgrade")) {
            upgrade.migrate("20");
            upgrade.exec("insert into series (id, series_key, metric, dimensions) values (1, 'm{a=1}', 'm',"
                            + " '{\"a\":\"1\"}'), (2, 'm{a=2}', 'm', '{\"a\":\"2\"}')",
                    // a week of windows for series 1 ten days ago (scored), three of series 2 from two years ago
                    // (pending)
                    "insert into window_aggregate (series_id, window_start, count, sum, min, max, last_value, last_ts,"
                            + " revision, scored_revision) select 1, t, 2, 4, 1, 3, 3, t, 1, 1 from generate_series("
                            + "date_trunc('hour', now()) - interval '10 days', date_trunc('hour', now()) - interval"
                            + " '3 days', interval '5 minutes') t",
                    "insert into window_aggregate (series_id, window_start, count, sum, min, max, last_value, last_ts)"
                            + " select 2, t, 1, 5, 5, 5, 5, t from generate_series(timestamptz '2024-11-01 00:00Z',"
                            + " timestamptz '2024-11-01 00:10Z', interval '5 minutes') t",
                    "insert into anomaly_result (series_id, window_start, detector, detector_version, value, expected,"
                            + " lower_bound, upper_bound, is_anomaly, severity, score, warming_up, run_cutoff, reason)"
                            + " select series_id, window_start, 'vigil-likelihood', 1, 2, 2, 1, 3, window_start ="
                            + " date_trunc('hour', now()) - interval '5 days', 0.5, 1, false, now(), null"
                            + " from window_aggregate where scored_revision = 1");
            long windows = upgrade.count("select count(*) from window_aggregate");
            long results = upgrade.count("select count(*) from anomaly_result");
            long sums = upgrade.count("select sum(count * 1000 + sum)::bigint from window_aggregate");

            upgrade.migrate("latest");

            assertEquals(windows, upgrade.count("select count(*) from window_aggregate"));
            assertEquals(results, upgrade.count("select count(*) from anomaly_result"));
            assertEquals(sums, upgrade.count("select sum(count * 1000 + sum)::bigint from window_aggregate"));
            assertEquals(1, upgrade.count("select count(*) from anomaly_result where is_anomaly"));
            assertEquals(3, upgrade.count("select count(*) from pg_partitioned_table p join pg_class c on c.oid = "
                    + "p.partrelid where c.relname in ('window_aggregate', 'anomaly_result', 'group_result')"));
            assertEquals(3, upgrade.count("select count(*) from window_aggregate_default"),
                    "rows older than every partition wait in the default partition");
            assertEquals(windows - 3, upgrade.count("select count(*) from window_aggregate w join pg_class c "
                    + "on c.oid = w.tableoid where c.relname like 'window_aggregate_p%'"));
            assertTrue(upgrade.count("select count(*) from pg_inherits where inhparent = "
                    + "'anomaly_result'::regclass") >= 4, "partitions from the oldest week to two weeks ahead");
            assertEquals(3, upgrade.count("select count(*) from window_aggregate where (scored_revision is null "
                    + "or scored_revision < revision) and abs(series_id % 8) = 2"),
                    "the pending index query still works");
            assertEquals(0, upgrade.count("select count(*) from window_aggregate where pending <> (scored_revision "
                    + "is null or scored_revision < revision)"), "the pending flag (V56) says what the revisions say");
            assertEquals(3, upgrade.count("select count(*) from window_aggregate where pending and "
                    + "abs(series_id % 8) = 2"));
        }
    }
}

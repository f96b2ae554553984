package dev.vigil.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The upgrade to time-partitioned windows and results, from the schema as it was before (V20) with rows in it: every
 * row survives, lands in a partition of its week (or the default partition when older than every partition), and the
 * pipeline's statements work on the result. Runs in a database of its own on the test server.
 */
@QuarkusTest
class PartitionUpgradeTest {

    @Inject
    Db db;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> configuredPassword;
    String password;

    @Test
    void anInstallationWithDataUpgradesToPartitionedTablesAndKeepsEveryRow() throws SQLException {
        password = configuredPassword.orElse("");
        db.exec("drop database if exists vigil_upgrade");
        db.exec("create database vigil_upgrade");
        String upgradeUrl = url.replaceFirst("/[^/?]+(\\?.*)?$", "/vigil_upgrade");
        migrate(upgradeUrl, "20");
        try (Connection c = DriverManager.getConnection(upgradeUrl, user, password); Statement s = c.createStatement()) {
            s.execute("insert into series (id, series_key, metric, dimensions) values (1, 'm{a=1}', 'm', '{\"a\":\"1\"}'),"
                    + " (2, 'm{a=2}', 'm', '{\"a\":\"2\"}')");
            // a week of windows for series 1 ten days ago (scored), three of series 2 from two years ago (pending)
            s.execute("insert into window_aggregate (series_id, window_start, count, sum, min, max, last_value, last_ts,"
                    + " revision, scored_revision) select 1, t, 2, 4, 1, 3, 3, t, 1, 1 from generate_series("
                    + "date_trunc('hour', now()) - interval '10 days', date_trunc('hour', now()) - interval '3 days',"
                    + " interval '5 minutes') t");
            s.execute("insert into window_aggregate (series_id, window_start, count, sum, min, max, last_value, last_ts)"
                    + " select 2, t, 1, 5, 5, 5, 5, t from generate_series(timestamptz '2024-11-01 00:00Z',"
                    + " timestamptz '2024-11-01 00:10Z', interval '5 minutes') t");
            s.execute("insert into anomaly_result (series_id, window_start, detector, detector_version, value, expected,"
                    + " lower_bound, upper_bound, is_anomaly, severity, score, warming_up, run_cutoff, reason)"
                    + " select series_id, window_start, 'vigil-likelihood', 1, 2, 2, 1, 3, window_start ="
                    + " date_trunc('hour', now()) - interval '5 days', 0.5, 1, false, now(), null"
                    + " from window_aggregate where scored_revision = 1");
        }
        long windows = count(upgradeUrl, "select count(*) from window_aggregate");
        long results = count(upgradeUrl, "select count(*) from anomaly_result");
        long sums = count(upgradeUrl, "select sum(count * 1000 + sum)::bigint from window_aggregate");

        migrate(upgradeUrl, "latest");

        assertEquals(windows, count(upgradeUrl, "select count(*) from window_aggregate"));
        assertEquals(results, count(upgradeUrl, "select count(*) from anomaly_result"));
        assertEquals(sums, count(upgradeUrl, "select sum(count * 1000 + sum)::bigint from window_aggregate"));
        assertEquals(1, count(upgradeUrl, "select count(*) from anomaly_result where is_anomaly"));
        assertEquals(3, count(upgradeUrl, "select count(*) from pg_partitioned_table p join pg_class c on c.oid = "
                + "p.partrelid where c.relname in ('window_aggregate', 'anomaly_result', 'group_result')"));
        assertEquals(3, count(upgradeUrl, "select count(*) from window_aggregate_default"),
                "rows older than every partition wait in the default partition");
        assertEquals(windows - 3, count(upgradeUrl, "select count(*) from window_aggregate w join pg_class c "
                + "on c.oid = w.tableoid where c.relname like 'window_aggregate_p%'"));
        assertTrue(count(upgradeUrl, "select count(*) from pg_inherits where inhparent = "
                + "'anomaly_result'::regclass") >= 4, "partitions from the oldest week to two weeks ahead");
        assertEquals(3, count(upgradeUrl, "select count(*) from window_aggregate where (scored_revision is null "
                + "or scored_revision < revision) and abs(series_id % 8) = 2"), "the pending index query still works");
        assertEquals(0, count(upgradeUrl, "select count(*) from window_aggregate where pending <> (scored_revision "
                + "is null or scored_revision < revision)"), "the pending flag (V56) says what the revisions say");
        assertEquals(3, count(upgradeUrl, "select count(*) from window_aggregate where pending and "
                + "abs(series_id % 8) = 2"));
        db.exec("drop database vigil_upgrade with (force)");
    }

    private void migrate(String jdbcUrl, String target) {
        Flyway.configure().dataSource(jdbcUrl, user, password).locations("classpath:db/migration").target(target)
                .load().migrate();
    }

    private long count(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package dev.vigil.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.testing.UpgradeDatabases;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The upgrade to time-partitioned alert decisions and incident anomalies (V57) from the schema before it, with rows in
 * it: every row survives in the partition of its week (or the default one), the indexes and the incident foreign key
 * (with its cascade) hold on the partitioned tables. Runs in a database of its own on the test server.
 */
@QuarkusTest
class AlertPartitionUpgradeTest {

    @Inject
    UpgradeDatabases databases;

    @Test
    void decisionsAndIncidentAnomaliesMoveIntoWeeklyPartitions() throws SQLException {
        try (UpgradeDatabases.Database upgrade = databases.create("vigil_alert_upgrade")) {
            upgrade.migrate("56");
            upgrade.exec("""
                    insert into alert_decision (series_id, window_start, rule_id, outcome, severity)
                    select s, t, r, case when s % 3 = 0 then 'alerted' else 'snoozed' end, 0.9
                    from generate_series(1, 4) s, generate_series(1, 2) r,
                         generate_series(date_trunc('hour', now()) - interval '20 days', date_trunc('hour', now()),
                                         interval '6 hours') t""",
                    """
                    insert into alert_decision (series_id, window_start, rule_id, outcome, severity)
                    values (9, timestamptz '2024-01-01 00:00Z', 1, 'alerted', 0.7)""",
                    """
                    insert into incident (id, scope, status, first_window, last_window, peak_severity, series_count,
                                          anomaly_count, version)
                    values ('00000000-0000-0000-0000-000000000001', '{}', 'resolved', now() - interval '9 days',
                            now() - interval '8 days', 0.9, 2, 10, 1),
                           ('00000000-0000-0000-0000-000000000002', '{}', 'open', now() - interval '1 day', now(), 0.8,
                            1, 1, 1)""",
                    """
                    insert into incident_anomaly (series_id, window_start, incident_id, severity)
                    select s, t, '00000000-0000-0000-0000-000000000001', 0.9 from generate_series(1, 2) s,
                           generate_series(date_trunc('hour', now()) - interval '9 days',
                                           date_trunc('hour', now()) - interval '8 days', interval '5 minutes') t""",
                    """
                    insert into incident_anomaly (series_id, window_start, incident_id, severity)
                    values (3, date_trunc('hour', now()), '00000000-0000-0000-0000-000000000002', 0.8)""");
            long decisions = upgrade.count("select count(*) from alert_decision");
            long alerted = upgrade.count("select count(*) from alert_decision where outcome = 'alerted'");
            long anomalies = upgrade.count("select count(*) from incident_anomaly");

            upgrade.migrate("latest");

            assertEquals(decisions, upgrade.count("select count(*) from alert_decision"));
            assertEquals(alerted, upgrade.count("select count(*) from alert_decision where outcome = 'alerted'"));
            assertEquals(anomalies, upgrade.count("select count(*) from incident_anomaly"));
            assertEquals(2, upgrade.count("select count(*) from pg_partitioned_table p join pg_class c on c.oid = "
                    + "p.partrelid where c.relname in ('alert_decision', 'incident_anomaly')"));
            assertEquals(1, upgrade.count("select count(*) from alert_decision_default"),
                    "the decision older than every partition waits in the default partition");
            assertEquals(decisions - 1, upgrade.count("select count(*) from alert_decision d join pg_class c "
                    + "on c.oid = d.tableoid where c.relname like 'alert_decision_p%'"));
            assertEquals(5, upgrade.count("select count(*) from pg_indexes where tablename = 'alert_decision'"),
                    "primary key, alerted, decided, unsettled (V69) and capped (V74) indexes");
            upgrade.exec("delete from incident where id = '00000000-0000-0000-0000-000000000001'");
            assertEquals(1, upgrade.count("select count(*) from incident_anomaly"),
                    "deleting an incident still takes its anomalies with it");
        }
    }
}

package dev.vigil.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testing.UpgradeDatabases;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

/**
 * Every migration, not only those that say so, gives up waiting for a lock after {@code lockTimeout}
 * (db/migration/beforeEachMigrate.sql): a query holding series_state makes a later migration fail with PostgreSQL's
 * lock timeout instead of waiting forever, nothing of it is applied, and the next attempt succeeds.
 */
@QuarkusTest
class MigrationLockTimeoutTest {

    private static final String[] WITH_PROBE = {"classpath:db/migration", "classpath:db/lockprobe"};

    @Inject
    UpgradeDatabases databases;

    @Test
    void aMigrationBehindARunningQueryGivesUpAndTheNextStartApplies() throws SQLException {
        try (UpgradeDatabases.Database db = databases.create("vigil_lock_timeout")) {
            db.migrate("latest");
            try (Connection reader = db.connection(); Statement s = reader.createStatement()) {
                reader.setAutoCommit(false);
                s.execute("lock table series_state in access share mode");

                FlywayException refused = assertTimeoutPreemptively(Duration.ofSeconds(30),
                        () -> assertThrows(FlywayException.class, () -> db.migrate("latest", "1s", WITH_PROBE)));

                assertTrue(String.valueOf(refused.getMessage()).contains("lock timeout"), refused.getMessage());
                reader.rollback();
            }
            assertEquals(0, db.count("select count(*) from information_schema.columns"
                    + " where table_name = 'series_state' and column_name = 'lock_probe'"));

            db.migrate("latest", "1s", WITH_PROBE);

            assertEquals(1, db.count("select count(*) from information_schema.columns"
                    + " where table_name = 'series_state' and column_name = 'lock_probe'"));
        }
    }
}

package dev.vigil.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.testing.UpgradeDatabases;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The upgrade that moves a multivariate request's {@code dataSource} into a column of its own (V88), from the schema
 * before it with a model and a detection stored: the source moves out of the JSON unchanged (still clear: the next
 * start seals it, {@code MultivariateSealingTest}), the rest of the request stays.
 */
@QuarkusTest
class MvSourceUpgradeTest {

    private static final String SOURCE = "https://blobs.example/plant/week1.zip?sv=2022-11-02&sig=abc%2Fdef";

    @Inject
    UpgradeDatabases databases;

    @Test
    void theDataSourceMovesOutOfTheRequestUnchanged() throws SQLException {
        try (UpgradeDatabases.Database upgrade = databases.create("vigil_mv_source_upgrade")) {
            upgrade.migrate("87");
            upgrade.exec("insert into mv_model (id, status, request) values ('00000000-0000-0000-0000-00000000000a',"
                            + " 'READY', '{\"dataSource\": \"" + SOURCE + "\", \"slidingWindow\": 28}')",
                    "insert into mv_result (id, model_id, status, request) values"
                            + " ('00000000-0000-0000-0000-00000000000b', '00000000-0000-0000-0000-00000000000a',"
                            + " 'READY', '{\"dataSource\": \"" + SOURCE + "\", \"topContributorCount\": 3}')");

            upgrade.migrate("latest");

            assertEquals(SOURCE, upgrade.text("select data_source from mv_model"));
            assertEquals("{\"slidingWindow\": 28}", upgrade.text("select request::text from mv_model"));
            assertEquals(SOURCE, upgrade.text("select data_source from mv_result"));
            assertEquals("{\"topContributorCount\": 3}", upgrade.text("select request::text from mv_result"));
        }
    }
}

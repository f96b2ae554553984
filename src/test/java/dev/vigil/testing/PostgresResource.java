package dev.vigil.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.Map;

/**
 * A real PostgreSQL 16 (zonky's binaries from Maven Central) for the whole test run. Where user namespaces are
 * forbidden, set TEST_PG_URL (and TEST_PG_USER / TEST_PG_PASSWORD) to use an existing server instead.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedPostgres pg;

    @Override
    public Map<String, String> start() {
        String external = System.getenv("TEST_PG_URL");
        if (external != null) {
            return Map.of("quarkus.datasource.jdbc.url", external,
                    "quarkus.datasource.username", System.getenv().getOrDefault("TEST_PG_USER", "postgres"),
                    "quarkus.datasource.password", System.getenv().getOrDefault("TEST_PG_PASSWORD", ""));
        }
        try {
            pg = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not start", e);
        }
        return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

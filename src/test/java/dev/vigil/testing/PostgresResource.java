package dev.vigil.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

/**
 * A real PostgreSQL 16 (zonky's binaries from Maven Central) for the whole test run. Where user namespaces are
 * forbidden, set TEST_PG_URL (and TEST_PG_USER / TEST_PG_PASSWORD) to use an existing server instead.
 * {@link #stopServer()} and {@link #startServer()} simulate an outage: the same data and port come back.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPostgres pg;
    private static Path dataDir;
    private static int port;

    @Override
    public Map<String, String> start() {
        String external = System.getenv("TEST_PG_URL");
        if (external != null) {
            return Map.of("quarkus.datasource.jdbc.url", external,
                    "quarkus.datasource.username", System.getenv().getOrDefault("TEST_PG_USER", "postgres"),
                    "quarkus.datasource.password", System.getenv().getOrDefault("TEST_PG_PASSWORD", ""));
        }
        try {
            dataDir = Files.createTempDirectory("vigil-pg");
            pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).start();
            port = pg.getPort();
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not start", e);
        }
        return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "");
    }

    /** False where the tests use an external server, which they cannot stop. */
    public static boolean restartable() {
        return dataDir != null;
    }

    /** Stops the server (fast shutdown: open sessions are terminated), keeping its data. */
    public static synchronized void stopServer() {
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            pg = null;
        }
    }

    /** Starts the server again on the same data directory and port. */
    public static synchronized void startServer() {
        try {
            pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not restart", e);
        }
    }

    @Override
    public void stop() {
        stopServer();
        if (dataDir != null) {
            try (var files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

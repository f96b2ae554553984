package dev.vigil.bench.faults;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A real PostgreSQL 16 server process (zonky's binaries) that the driver, not Vigil, owns: it outlives every Vigil
 * kill, and {@link #stop()} / {@link #start()} are a real outage on the same port and data directory. Commits are
 * synchronous (zonky turns that off by default), as on a production server.
 */
final class PostgresServer implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final Path log;
    private EmbeddedPostgres pg;

    PostgresServer(Path dataDir, int port, Path log) {
        this.dataDir = dataDir;
        this.port = port;
        this.log = log;
    }

    /** Starts the server unless it runs. */
    void start() throws IOException {
        if (pg != null) {
            return;
        }
        pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("synchronous_commit", "on")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** A fast shutdown (pg_ctl stop -m fast): open transactions are rolled back, clients disconnected. */
    void stop() throws IOException {
        if (pg != null) {
            pg.close();
            pg = null;
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    Connection connect() throws SQLException {
        // short timeouts: the driver polls while the server may be down on purpose
        return DriverManager.getConnection(jdbcUrl() + "?connectTimeout=2&socketTimeout=60", "postgres", "");
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}

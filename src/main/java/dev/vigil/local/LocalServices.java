package dev.vigil.local;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The services of the local (no-Docker) mode: PostgreSQL from zonky's binaries and a single-node KRaft broker,
 * both keeping their data under one folder across restarts. Each is started only when the environment names no
 * external one; the application then finds them through the same variables production uses.
 */
final class LocalServices implements AutoCloseable {

    // fixed, so a restart finds the formatted log directory of the same cluster
    private static final String CLUSTER_ID = "vigil-local-000000001";

    /** How long a start waits for PostgreSQL to accept connections, crash recovery included (zonky's own is 10 s). */
    static final Duration DEFAULT_PG_STARTUP_WAIT = Duration.ofMinutes(5);

    private DataDirectoryLock lock;
    private LocalPostgres postgres;
    private EmbeddedKafkaBroker kafka;

    /**
     * Starts what the environment does not name. {@code onPostgresLost} is called when the embedded PostgreSQL died
     * and could not be started again.
     */
    void start(Path dataDir, Consumer<Exception> onPostgresLost) throws IOException {
        requireExternalWhenEmbeddedIsOff(System.getenv());
        requireBootstrapForKafkaSecurity(System.getenv());
        boolean embedPostgres = System.getenv("VIGIL_DB_URL") == null;
        boolean embedKafka = System.getenv("VIGIL_KAFKA_BOOTSTRAP") == null;
        int pgPort = intEnv("VIGIL_LOCAL_PG_PORT", 54329);
        int port = intEnv("VIGIL_LOCAL_KAFKA_PORT", 59092);
        Duration pgStartupWait = durationEnv("VIGIL_LOCAL_PG_STARTUP_WAIT", DEFAULT_PG_STARTUP_WAIT);
        if (!embedPostgres && !embedKafka) {
            return;
        }
        quietEmbedded();
        // held until the JVM ends, however it ends: a free lock means whatever runs on the folder was left behind
        lock = DataDirectoryLock.acquire(dataDir);
        Path pg = dataDir.resolve("postgres");
        if (embedPostgres) {
            Files.createDirectories(pg);
            // a Vigil killed with kill -9 (or one whose start gave up) can leave its PostgreSQL running: ours to stop
            Postmaster.stopOrphan(pg, LocalPostgres.STOP_WAIT);
        }
        // all ports first, so nothing starts when one is taken; the broker would log a bind failure and then never
        // finish starting
        if (embedPostgres) {
            requireFree(pgPort, "VIGIL_LOCAL_PG_PORT", "embedded PostgreSQL");
        }
        if (embedKafka) {
            requireFree(port, "VIGIL_LOCAL_KAFKA_PORT", "in-process Kafka broker");
            requireFree(port + 1, "VIGIL_LOCAL_KAFKA_PORT", "in-process Kafka broker's controller (the port after it)");
        }
        if (embedPostgres) {
            postgres = new LocalPostgres(pg, pgPort, pgStartupWait, onPostgresLost);
            postgres.start();
            System.setProperty("VIGIL_DB_URL", "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres");
            System.setProperty("VIGIL_DB_USER", "postgres");
            System.setProperty("VIGIL_DB_PASSWORD", "");
        }
        if (embedKafka) {
            Path logs = Files.createDirectories(dataDir.resolve("kafka"));
            kafka = new EmbeddedKafkaBroker().withKafkaHost("127.0.0.1").withKafkaPort(port)
                    .withControllerPort(port + 1).withClusterId(CLUSTER_ID).withDeleteLogDirsOnClose(false)
                    .withAdditionalProperties(p -> {
                        p.put("log.dirs", logs.toAbsolutePath().toString());
                        p.put("num.partitions", "4");
                    })
                    .start();
            System.setProperty("VIGIL_KAFKA_BOOTSTRAP", kafka.getAdvertisedListeners());
        }
    }

    /**
     * The services start before Quarkus applies {@code quarkus.log.*}, while every logger is open down to TRACE and
     * Quarkus keeps each record to replay it: the in-process broker logs its whole configuration and every state
     * change at INFO, and zonky's wait for PostgreSQL logs each failed try at TRACE with a stack trace, under the
     * JDBC driver's FINE/FINEST lines about the same try (ten a second, over a thousand lines for a 10 s crash
     * recovery). Their loggers are set here (kept in a field, since the logging system holds loggers weakly and a
     * collected one would lose its level); Quarkus' own settings still override them.
     */
    private static void quietEmbedded() {
        QUIET_LEVELS.forEach((category, level) -> {
            Logger logger = Logger.getLogger(category);
            logger.setLevel(level);
            QUIET.add(logger);
        });
    }

    private static final Map<String, Level> QUIET_LEVELS = Map.of("kafka", Level.WARNING,
            "org.apache.kafka", Level.WARNING, "state.change.logger", Level.WARNING,
            "io.smallrye.reactive.messaging.kafka.companion", Level.WARNING,
            "org.postgresql", Level.INFO, "io.zonky.test.db.postgres", Level.INFO);
    private static final List<Logger> QUIET = new ArrayList<>();

    /** Container images set {@code VIGIL_EMBEDDED=false}: a missing variable fails the start, nothing embedded starts. */
    static void requireExternalWhenEmbeddedIsOff(Map<String, String> env) {
        if (!"false".equalsIgnoreCase(env.get("VIGIL_EMBEDDED"))) {
            return;
        }
        for (String required : new String[] {"VIGIL_DB_URL", "VIGIL_KAFKA_BOOTSTRAP"}) {
            if (env.get(required) == null || env.get(required).isBlank()) {
                throw new IllegalStateException(required + " is not set and embedded services are off "
                        + "(VIGIL_EMBEDDED=false): point Vigil at its PostgreSQL and Kafka");
            }
        }
    }

    /**
     * TLS and SASL are for an external broker: the in-process one speaks PLAINTEXT, so Vigil's clients would fail their
     * handshakes with it, on their own threads, after a start that looked fine. (SASL or TLS settings without the
     * protocol are refused by the start's own check.)
     */
    static void requireBootstrapForKafkaSecurity(Map<String, String> env) {
        String protocol = env.get("VIGIL_KAFKA_SECURITY_PROTOCOL");
        if (env.get("VIGIL_KAFKA_BOOTSTRAP") == null && protocol != null && !protocol.isBlank()
                && !protocol.strip().equalsIgnoreCase("PLAINTEXT")) {
            throw new IllegalStateException("VIGIL_KAFKA_SECURITY_PROTOCOL=" + protocol.strip() + " is set without "
                    + "VIGIL_KAFKA_BOOTSTRAP: it is for an external broker (the in-process one speaks PLAINTEXT); set "
                    + "VIGIL_KAFKA_BOOTSTRAP or unset it");
        }
    }

    /**
     * Fails the start, naming the port and the variable that moves it, when something already listens there (another
     * Vigil, most often). Checked before starting, since neither service reports a taken port clearly.
     */
    static void requireFree(int port, String variable, String service) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is taken (another Vigil running?): the "
                    + service + " needs it; stop what holds it or set " + variable + " to another port", e);
        }
    }

    synchronized boolean anyEmbedded() {
        return postgres != null || kafka != null;
    }

    synchronized String describe() {
        return "PostgreSQL " + (postgres == null ? "external (VIGIL_DB_URL)" : "embedded on 127.0.0.1:" + postgres.port())
                + ", Kafka " + (kafka == null ? "external (VIGIL_KAFKA_BOOTSTRAP)" : "in-process on " + kafka.getAdvertisedListeners());
    }

    /** Stops what was started; once, from whichever thread comes first (the main thread or the shutdown hook). */
    @Override
    public synchronized void close() {
        try {
            if (kafka != null) {
                kafka.close();
                kafka = null;
            }
        } finally {
            try {
                if (postgres != null) {
                    postgres.close();
                    postgres = null;
                }
            } finally {
                if (lock != null) {
                    try {
                        lock.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } finally {
                        lock = null;
                    }
                }
            }
        }
    }

    static Duration durationEnv(String name, Duration fallback) {
        String v = System.getenv(name);
        try {
            return v == null || v.isBlank() ? fallback : Duration.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(name + " must be an ISO-8601 duration such as PT5M, not " + v, e);
        }
    }

    private static int intEnv(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}

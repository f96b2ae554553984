package dev.vigil.local;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private EmbeddedPostgres postgres;
    private EmbeddedKafkaBroker kafka;

    void start(Path dataDir) throws IOException {
        requireExternalWhenEmbeddedIsOff(System.getenv());
        boolean embedPostgres = System.getenv("VIGIL_DB_URL") == null;
        boolean embedKafka = System.getenv("VIGIL_KAFKA_BOOTSTRAP") == null;
        int pgPort = intEnv("VIGIL_LOCAL_PG_PORT", 54329);
        int port = intEnv("VIGIL_LOCAL_KAFKA_PORT", 59092);
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
            Path pg = Files.createDirectories(dataDir.resolve("postgres"));
            // the embedded defaults trade durability for speed (fsync off): the local run keeps real data
            // no shutdown hook of its own: it would stop the database while the application still stops (claims
            // handed back, deliveries recorded); VigilMain closes it after Quarkus has stopped
            postgres = EmbeddedPostgres.builder().setDataDirectory(pg.toFile()).setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setPort(pgPort).start();
            System.setProperty("VIGIL_DB_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
            System.setProperty("VIGIL_DB_USER", "postgres");
            System.setProperty("VIGIL_DB_PASSWORD", "");
        }
        if (embedKafka) {
            quietBroker();
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
     * The in-process broker logs its whole configuration and every state change at INFO, and it starts before Quarkus
     * applies {@code quarkus.log.category}: its loggers are set to WARN here (kept in a field, since the logging
     * system holds loggers weakly and a collected one would lose its level).
     */
    private static void quietBroker() {
        for (String category : BROKER_LOGGERS) {
            Logger logger = Logger.getLogger(category);
            logger.setLevel(Level.WARNING);
            QUIET.add(logger);
        }
    }

    private static final List<String> BROKER_LOGGERS = List.of("kafka", "org.apache.kafka",
            "state.change.logger", "io.smallrye.reactive.messaging.kafka.companion");
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
        return "PostgreSQL " + (postgres == null ? "external (VIGIL_DB_URL)" : "embedded on 127.0.0.1:" + postgres.getPort())
                + ", Kafka " + (kafka == null ? "external (VIGIL_KAFKA_BOOTSTRAP)" : "in-process on " + kafka.getAdvertisedListeners());
    }

    /** Stops what was started; once, from whichever thread comes first (the main thread or the shutdown hook). */
    @Override
    public synchronized void close() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                postgres = null;
            }
        }
    }

    private static int intEnv(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}

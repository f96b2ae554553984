package dev.vigil.local;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        if (System.getenv("VIGIL_DB_URL") == null) {
            Path pg = Files.createDirectories(dataDir.resolve("postgres"));
            // the embedded defaults trade durability for speed (fsync off): the local run keeps real data
            // no shutdown hook of its own: it would stop the database while the application still stops (claims
            // handed back, deliveries recorded); VigilMain closes it after Quarkus has stopped
            postgres = EmbeddedPostgres.builder().setDataDirectory(pg.toFile()).setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setPort(intEnv("VIGIL_LOCAL_PG_PORT", 54329)).start();
            System.setProperty("VIGIL_DB_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
            System.setProperty("VIGIL_DB_USER", "postgres");
            System.setProperty("VIGIL_DB_PASSWORD", "");
        }
        if (System.getenv("VIGIL_KAFKA_BOOTSTRAP") == null) {
            quietBroker();
            Path logs = Files.createDirectories(dataDir.resolve("kafka"));
            int port = intEnv("VIGIL_LOCAL_KAFKA_PORT", 59092);
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
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(category);
            logger.setLevel(java.util.logging.Level.WARNING);
            QUIET.add(logger);
        }
    }

    private static final java.util.List<String> BROKER_LOGGERS = java.util.List.of("kafka", "org.apache.kafka",
            "state.change.logger", "io.smallrye.reactive.messaging.kafka.companion");
    private static final java.util.List<java.util.logging.Logger> QUIET = new java.util.ArrayList<>();

    /** Container images set {@code VIGIL_EMBEDDED=false}: a missing variable fails the start, nothing embedded starts. */
    static void requireExternalWhenEmbeddedIsOff(java.util.Map<String, String> env) {
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

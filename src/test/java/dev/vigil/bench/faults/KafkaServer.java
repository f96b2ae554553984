package dev.vigil.bench.faults;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real single-node KRaft broker in the driver's JVM: it outlives every Vigil kill, and {@link #stop()} /
 * {@link #start()} are an outage on the same address, cluster id and log directory, so clients reconnect by
 * themselves.
 */
final class KafkaServer implements AutoCloseable {

    static final String READINGS = "vigil.readings";
    static final String ALERTS = "vigil.alerts";

    private final Path logDir;
    private final int port;
    private EmbeddedKafkaBroker broker;

    KafkaServer(Path logDir, int port) {
        this.logDir = logDir;
        this.port = port;
    }

    /** Starts the broker unless it runs. */
    void start() {
        if (broker != null) {
            return;
        }
        broker = new EmbeddedKafkaBroker().withKafkaHost("127.0.0.1").withKafkaPort(port).withControllerPort(port + 1)
                .withClusterId("vigil-faults-000000001").withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(p -> {
                    p.put("log.dirs", logDir.toString());
                    p.put("num.partitions", "4");
                    p.put("group.initial.rebalance.delay.ms", "0");
                })
                .start();
    }

    /** The two topics with their partitions, so the first records do not race auto-creation. */
    void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(READINGS, 4, (short) 1), new NewTopic(ALERTS, 2, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}

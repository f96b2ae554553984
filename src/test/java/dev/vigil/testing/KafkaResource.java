package dev.vigil.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real single-node KRaft broker in the test JVM. {@link #stopBroker()} and {@link #startBroker()} simulate an
 * outage on the same address, so clients reconnect by themselves.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedKafkaBroker broker;
    private static int port;
    private static int controllerPort;
    private static Path logDir;

    @Override
    public Map<String, String> start() {
        port = freePort();
        controllerPort = freePort();
        try {
            logDir = Files.createTempDirectory("vigil-kafka");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        startBroker();
        return Map.of("kafka.bootstrap.servers", bootstrap());
    }

    public static String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public static synchronized void startBroker() {
        broker = new EmbeddedKafkaBroker()
                .withKafkaHost("127.0.0.1")
                .withKafkaPort(port)
                .withControllerPort(controllerPort)
                // same cluster and log dir across a restart: clients see an outage, not a new cluster
                .withClusterId("vigil-test-cluster-0001")
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(p -> {
                    p.put("log.dirs", logDir.toString());
                    p.put("num.partitions", "2");
                    p.put("group.initial.rebalance.delay.ms", "0");
                })
                .start();
    }

    public static synchronized void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public void stop() {
        stopBroker();
        try (var files = Files.walk(logDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port nobody listens on now (the broker binds it a moment later). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

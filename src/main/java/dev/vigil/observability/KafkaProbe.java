package dev.vigil.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.jboss.logging.Logger;

/**
 * Whether this replica reaches Kafka, as the gauge {@code vigil_kafka_reachable}: 1 when the cluster described
 * itself within {@code vigil.kafka-probe.timeout} at the last probe, 0 when it did not, -1 before the first probe.
 * Readiness leaves Kafka out on purpose (HTTP ingestion and the dashboard work without it), so without this gauge an
 * unreachable Kafka shows nowhere: Kafka ingestion silently stops and alerts wait in the outbox. The probe is one
 * small request (DescribeCluster) from an admin client of its own, with the same connection settings as the
 * channels ({@code kafka.*}); the client is created at the first probe, off the start-up path.
 */
@Startup
@ApplicationScoped
public class KafkaProbe {

    private static final Logger LOG = Logger.getLogger(KafkaProbe.class);

    private final Map<String, ?> kafka;
    private final KafkaProbeConfig config;
    private final AtomicLong reachable = new AtomicLong(-1);
    private Admin admin;

    public KafkaProbe(@Identifier("default-kafka-broker") Map<String, ?> kafka, KafkaProbeConfig config,
                      MeterRegistry meters) {
        this.kafka = kafka;
        this.config = config;
        Gauge.builder("vigil.kafka.reachable", reachable, AtomicLong::get)
                .description("1 when this replica reached Kafka at the last probe, 0 when not, -1 before the first")
                .register(meters);
    }

    @Scheduled(identity = "vigil-kafka-probe", every = "{vigil.kafka-probe.every}",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        probe();
    }

    /** Probes now; true when the cluster answered. */
    public synchronized boolean probe() {
        long timeoutMs = config.timeout().toMillis();
        try {
            int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs)).nodes()
                    .get(timeoutMs + 1_000, TimeUnit.MILLISECONDS).size();
            set(nodes > 0, nodes + " brokers");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            set(false, cause.getClass().getName() + ": " + cause.getMessage());
            // a fresh client for the next probe: once refused by SASL (a rotated password), Kafka's admin client
            // kept failing for minutes after the password was right again, while the channels' clients recovered
            closeAdmin();
        }
        return reachable.get() == 1;
    }

    private void set(boolean now, String why) {
        long before = reachable.getAndSet(now ? 1 : 0);
        if (now && before == 0) {
            LOG.infof("Kafka reachable again (%s)", why);
        } else if (!now && before != 0) {
            LOG.warnf("Kafka unreachable: %s", why);
        }
    }

    private Admin admin() {
        if (admin == null) {
            Properties props = new Properties();
            kafka.forEach((key, value) -> {
                if (AdminClientConfig.configNames().contains(key)) {
                    props.put(key, value);
                }
            });
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "vigil-kafka-probe");
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.timeout().toMillis());
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.timeout().toMillis());
            admin = Admin.create(props);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        closeAdmin();
    }

    private void closeAdmin() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(1));
            admin = null;
        }
    }
}

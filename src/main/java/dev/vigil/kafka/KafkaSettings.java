package dev.vigil.kafka;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Stops the start on TLS or SASL settings that cannot work, naming the variables: the Kafka clients are created off
 * the start-up path (lazy clients), so Kafka itself would only complain later, on a client thread, while the replica
 * looks ready. Logs once how the clients connect, without secrets.
 */
@ApplicationScoped
class KafkaSettings {

    private static final Logger LOG = Logger.getLogger(KafkaSettings.class);

    // before every other start-up observer, as the other settings checks
    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, KafkaConfig config) {
        List<String> problems = KafkaSecurity.problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Kafka settings: " + String.join("; ", problems));
        }
        LOG.infof("Kafka clients connect with %s", KafkaSecurity.describe(config));
    }
}

package dev.vigil.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * A {@link SecureKafka} broker, with Vigil configured for it by the typed settings only ({@code vigil.kafka.*}, as
 * the variables {@code VIGIL_KAFKA_SECURITY_PROTOCOL} and so on would): SASL_SSL, SCRAM-SHA-512, and the broker's
 * certificate as a PEM trust store.
 * It also keeps every line Vigil, Quarkus, SmallRye and Kafka log from before the start on, so a test can look for
 * secrets in them.
 */
public class SecureKafkaResource implements QuarkusTestResourceLifecycleManager {

    /**
     * Vigil's password; no log line may hold it. Its {@code ${} is written {@code \${} in the settings, as the
     * README asks, and must reach the broker as it is.
     */
    public static final String PASSWORD = "Vigil-SCRAM-${pw-7f3a";

    private static final List<String> LOGGERS = List.of("dev.vigil", "io.quarkus", "io.smallrye", "org.apache.kafka");
    private static final Queue<String> LINES = new ConcurrentLinkedQueue<>();
    private static final Handler CAPTURE = new Handler() {
        private final SimpleFormatter plain = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            String message = r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : plain.formatMessage(r);
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                message += " | " + t;
            }
            LINES.add(r.getLevel() + " " + r.getLoggerName() + ": " + message);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private static SecureKafka kafka;

    @Override
    public Map<String, String> start() {
        CAPTURE.setLevel(Level.ALL);
        LOGGERS.forEach(name -> Logger.getLogger(name).addHandler(CAPTURE));
        kafka = SecureKafka.start(PASSWORD);
        return Map.of("kafka.bootstrap.servers", kafka.secureBootstrap(),
                "vigil.kafka.security-protocol", "SASL_SSL",
                "vigil.kafka.sasl.mechanism", "SCRAM-SHA-512",
                "vigil.kafka.sasl.username", SecureKafka.USER,
                "vigil.kafka.sasl.password", PASSWORD.replace("${", "\\${"),
                "vigil.kafka.ssl.truststore-location", kafka.caFile().toString());
    }

    public static SecureKafka kafka() {
        return kafka;
    }

    /** Every line logged since the start, oldest first. */
    public static List<String> logged() {
        return List.copyOf(LINES);
    }

    @Override
    public void stop() {
        LOGGERS.forEach(name -> Logger.getLogger(name).removeHandler(CAPTURE));
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }
}

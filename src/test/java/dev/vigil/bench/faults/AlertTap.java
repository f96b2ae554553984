package dev.vigil.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A subscriber of the alerts topic, as a downstream system would be: it reads every alert CloudEvent from the
 * beginning and counts, per metric, the distinct ids and the records that repeat an id.
 */
final class AlertTap implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Map<String, AtomicInteger>> byMetric = new ConcurrentHashMap<>();
    private final AtomicInteger unreadable = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    AlertTap(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "fault-tap-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        thread = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
                consumer.subscribe(List.of(KafkaServer.ALERTS));
                while (running) {
                    try {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                            count(r.value());
                        }
                    } catch (RuntimeException e) {
                        // the broker may be down on purpose; the consumer reconnects on the next poll
                        sleep();
                    }
                }
            }
        }, "alert-tap");
        thread.setDaemon(true);
        thread.start();
    }

    private void count(String value) {
        try {
            JsonNode event = JSON.readTree(value);
            String metric = event.path("data").path("metric").asText("?");
            byMetric.computeIfAbsent(metric, m -> new ConcurrentHashMap<>())
                    .computeIfAbsent(event.path("id").asText(), id -> new AtomicInteger()).incrementAndGet();
        } catch (Exception e) {
            unreadable.incrementAndGet();
        }
    }

    /** Distinct alert ids received for a metric. */
    int distinct(String metric) {
        return byMetric.getOrDefault(metric, Map.of()).size();
    }

    /** The distinct alert ids received for a metric. */
    java.util.Set<String> ids(String metric) {
        return java.util.Set.copyOf(byMetric.getOrDefault(metric, Map.of()).keySet());
    }

    /** Records received for a metric beyond the first of each id. */
    int duplicates(String metric) {
        return byMetric.getOrDefault(metric, Map.of()).values().stream().mapToInt(n -> n.get() - 1).sum();
    }

    int unreadable() {
        return unreadable.get();
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}

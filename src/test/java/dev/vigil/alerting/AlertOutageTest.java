package dev.vigil.alerting;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.KafkaResource;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A broker outage longer than the publisher's acknowledgement time-out, with the scheduled publisher ticking through
 * it: every alert reaches the topic exactly once after the broker returns. Before the fix, each batch that timed out
 * stayed with the producer and was delivered on the broker's return beside the batches sent after it (the operations
 * walk: 871 records for 518 ids after four minutes). The time-outs are scaled down by about six, so the outage of
 * 20 s is to this test what two minutes are to a production replica.
 */
@QuarkusTest
@TestProfile(AlertOutageTest.ShortTimeouts.class)
@Timeout(180)
class AlertOutageTest {

    static final Duration OUTAGE = Duration.ofSeconds(20);

    /** The publisher on a 1 s schedule, and the production time-outs scaled down. */
    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.alerting.publish-every", "1s",
                    // max.block.ms + 2 x delivery.timeout.ms = 7 s < 8 s, as 45 s < 50 s in production
                    "vigil.alerting.ack-timeout", "PT8S",
                    "mp.messaging.outgoing.alerts.delivery.timeout.ms", "3000",
                    "mp.messaging.outgoing.alerts.request.timeout.ms", "2000",
                    "mp.messaging.outgoing.alerts.max.block.ms", "1000");
        }
    }

    @Inject
    Db db;
    @Inject
    DetectionRun run;

    @Test
    void aLongOutageSendsEachAlertOnce() {
        db.reset();
        KafkaResource.stopBroker();
        Set<UUID> due;
        try {
            for (int meter = 0; meter < 8; meter++) {
                Series.steady("outage", "m" + meter, 1200, meter);
                Series.at("outage", "m" + meter, 1200, 1_000);
            }
            assertTrue(run.run(Series.nowAfter(1201)).anomalies() >= 8);
            due = db.strings("select id::text from alert_outbox").stream().map(UUID::fromString)
                    .collect(Collectors.toSet());
            // the scheduled publisher keeps trying, its batches timing out, for longer than its time-out
            long end = System.nanoTime() + OUTAGE.toNanos();
            while (System.nanoTime() < end) {
                assertEquals(due.size(), db.count("select count(*) from alert_outbox where published_at is null"));
                sleep(Duration.ofSeconds(1));
            }
        } finally {
            KafkaResource.startBroker();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> db.count("select count(*) from alert_outbox where published_at is null") == 0);

        Map<UUID, Integer> copies = received(due);
        assertEquals(due, copies.keySet(), "every alert arrives");
        Map<UUID, Integer> repeated = new TreeMap<>();
        copies.forEach((id, n) -> {
            if (n > 1) {
                repeated.put(id, n);
            }
        });
        assertEquals(Map.of(), repeated, "no alert arrives twice (" + due.size() + " alerts)");
    }

    /** How many records of each id in {@code ids} the alerts topic holds; reads until 3 s after the last one. */
    private static Map<UUID, Integer> received(Set<UUID> ids) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "outage-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<UUID, Integer> copies = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of("vigil.alerts"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    UUID id = UUID.fromString(
                            dev.vigil.storage.Json.mapper().readTree(r.value()).get("id").asText());
                    if (ids.contains(id)) {
                        copies.merge(id, 1, Integer::sum);
                    }
                }
                if (copies.size() == ids.size() && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return copies;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

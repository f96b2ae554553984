package dev.vigil.ingestion;

import static dev.vigil.ingestion.KafkaDeadLetterTest.reading;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testing.Db;
import dev.vigil.testing.KafkaResource;
import dev.vigil.testing.KafkaTopic;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two consumers of the readings topic, and a rebalance while a poll is in flight: the application's consumer is
 * held inside its storage transaction (the test locks the offset rows) when a second consumer of the same group,
 * driving the same {@link ReadingsConsumer}, joins. The partition's records are then held by two polls at once;
 * every reading is still counted exactly once.
 */
@QuarkusTest
@Timeout(240)
class KafkaRebalanceTest {

    static final String TOPIC = KafkaIngestTest.TOPIC;
    static final String GROUP = "vigil-aggregator";

    @Inject
    Db db;

    @Inject
    ReadingsConsumer readingsConsumer;

    @Inject
    @Identifier("readings-offsets")
    ReadingsOffsets offsets;

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry meters;

    private final KafkaTopic readings = new KafkaTopic(TOPIC);

    private long stored() {
        return db.count("select coalesce(sum(w.count), 0) from window_aggregate w join series s on s.id = w.series_id "
                + "where s.metric = 'rebalance'");
    }

    private double fenced() {
        var c = meters.find("vigil.readings.fenced").counter();
        return c == null ? 0 : c.count();
    }

    private void send(int partition, int n) {
        readings.send(partition, "rebalance", IntStream.range(0, n)
                .mapToObj(i -> reading("rebalance", "p" + partition, 1)).toArray(String[]::new));
    }

    private long lockWaiters() {
        return db.count("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
                + "and query like '%ingest_offset%'");
    }

    @Test
    void aPartitionMovedDuringAPollIsCountedOnce() throws Exception {
        db.reset();
        send(0, 1);
        send(1, 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> stored() == 2);
        double fencedBefore = fenced();

        SecondConsumer second = new SecondConsumer();
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement ps = lock.prepareStatement("select * from ingest_offset where topic = ? for update")) {
                ps.setString(1, TOPIC);
                ps.executeQuery().close();
            }
            // both partitions in the poll that blocks, so whichever partition the newcomer takes was in flight
            readings.sendTogether("rebalance", reading("rebalance", "both", 1), 200, 0, 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> lockWaiters() >= 1); // the poll is in flight

            second.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> groupStable(2));
            // the newcomer took one partition and read the same records from the stored offset
            await().atMost(Duration.ofSeconds(60)).until(() -> lockWaiters() >= 2);
            lock.rollback();
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> stored() >= 402);
            send(0, 50);
            send(1, 50);
            await().atMost(Duration.ofSeconds(60)).until(() -> stored() >= 502);
        } finally {
            second.stop();
        }
        send(0, 25);
        send(1, 25);
        await().atMost(Duration.ofSeconds(60)).until(() -> stored() >= 552);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> stored() == 552);
        assertEquals(552, stored());
        double fencedNow = fenced() - fencedBefore;
        assertTrue(fencedNow >= 200, "the moved partition's 200 records were held twice and skipped once, but "
                + fencedNow + " were skipped");
    }

    private boolean groupStable(int members) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrap());
        try (Admin admin = Admin.create(p)) {
            ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            return g.groupState() == GroupState.STABLE && g.members().size() == members
                    && g.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
        }
    }

    /** Another replica: a plain consumer of the group that seeks like the channel and stores through the same bean. */
    private final class SecondConsumer {
        final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        void start() {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrap());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "second-replica");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            thread = new Thread(() -> {
                try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
                    consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                            assigned.removeAll(partitions);
                        }

                        @Override
                        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                            assigned.addAll(partitions);
                            offsets.onPartitionsAssigned(consumer, partitions);
                        }
                    });
                    while (running.get()) {
                        var records = consumer.poll(Duration.ofMillis(100));
                        if (!records.isEmpty()) {
                            readingsConsumer.consume(records);
                        }
                    }
                }
            }, "second-replica");
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }
}

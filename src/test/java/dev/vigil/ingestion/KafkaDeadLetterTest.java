package dev.vigil.ingestion;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testing.Db;
import dev.vigil.testing.KafkaTopic;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Poison records: what validation refuses and what PostgreSQL refuses goes to the dead-letter topic with its
 * reason, and the good records of the same poll are stored with the offsets. PostgreSQL's refusal is injected by a
 * trigger that raises a data exception for the series of metric {@code refused}.
 */
@QuarkusTest
@Timeout(180) // a poll that is retried instead of dead-lettered would never return
class KafkaDeadLetterTest {

    static final KafkaTopic DLQ = new KafkaTopic("vigil.readings.dlq");

    @Inject
    Db db;

    @Inject
    ReadingsConsumer consumer;

    @Inject
    MeterRegistry meters;

    @BeforeEach
    void refuseMetricRefused() {
        db.reset();
        db.exec("""
                create or replace function vigil_test_refuse() returns trigger language plpgsql as $$
                begin
                  if new.metric = 'refused' then
                    raise exception 'refused by the test trigger' using errcode = '22023';
                  end if;
                  return new;
                end $$""");
        db.exec("create trigger vigil_test_refuse before insert on series for each row execute function vigil_test_refuse()");
    }

    @AfterEach
    void dropTrigger() {
        db.exec("drop trigger if exists vigil_test_refuse on series");
    }

    static String reading(String metric, String meter, double value) {
        return "{\"metric\":\"" + metric + "\",\"dimensions\":{\"meter\":\"" + meter + "\"},"
                + "\"timestamp\":\"2026-11-01T10:01:00Z\",\"value\":" + value + "}";
    }

    private double sumOf(String metric) {
        return db.count("select coalesce(sum(w.sum), 0) from window_aggregate w join series s on s.id = w.series_id "
                + "where s.metric = ?", metric) + 0.0;
    }

    private double deadLettered(String code) {
        var c = meters.find("vigil.readings.dead.lettered").tags("channel", "kafka", "code", code).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void oneStorageBisectionFindsTheRefusedRecordsAndCommitsTheRest() {
        // one poll of 12 records on a topic of this test alone, with PostgreSQL refusing offsets 3, 4 and 10
        String topic = "vigil.readings.poll-" + UUID.randomUUID();
        TopicPartition tp = new TopicPartition(topic, 0);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        double expected = 0;
        for (int i = 0; i < 12; i++) {
            boolean refused = i == 3 || i == 4 || i == 10;
            expected += refused ? 0 : i;
            String value = reading(refused ? "refused" : "bisect", "b" + (i % 3), i);
            records.add(new ConsumerRecord<>(topic, 0, i, "k" + i, value.getBytes(StandardCharsets.UTF_8)));
        }
        double before = deadLettered(DeadLetter.STORAGE_REFUSED);

        consumer.consume(new ConsumerRecords<>(Map.of(tp, records)));

        assertEquals(expected, sumOf("bisect"), 1e-9);
        assertEquals(9, db.count("select coalesce(sum(w.count), 0) from window_aggregate w join series s "
                + "on s.id = w.series_id where s.metric = 'bisect'"));
        assertEquals(0, db.count("select count(*) from series where metric = 'refused'"));
        assertEquals(12, db.count("select next_offset from ingest_offset where topic = ?", topic));
        assertEquals(before + 3, deadLettered(DeadLetter.STORAGE_REFUSED), 1e-9);
        List<ConsumerRecord<String, byte[]>> letters = DLQ.readAll().stream()
                .filter(r -> topic.equals(KafkaTopic.header(r, "dead-letter-topic"))).toList();
        assertEquals(List.of("3", "4", "10"), letters.stream().map(r -> KafkaTopic.header(r, "dead-letter-offset"))
                .sorted(java.util.Comparator.comparingInt(Integer::parseInt)).toList());
        ConsumerRecord<String, byte[]> first = letters.stream()
                .filter(r -> "3".equals(KafkaTopic.header(r, "dead-letter-offset"))).findFirst().orElseThrow();
        assertEquals("k3", first.key());
        assertEquals(reading("refused", "b0", 3), new String(first.value(), StandardCharsets.UTF_8));
        assertEquals(DeadLetter.STORAGE_REFUSED, KafkaTopic.header(first, "dead-letter-code"));
        assertEquals("0", KafkaTopic.header(first, "dead-letter-partition"));
        assertTrue(KafkaTopic.header(first, "dead-letter-reason").contains("22023"),
                KafkaTopic.header(first, "dead-letter-reason"));

        // the same poll again (a replay after a crash) is below the stored offset: nothing counted twice
        consumer.consume(new ConsumerRecords<>(Map.of(tp, records)));
        assertEquals(expected, sumOf("bisect"), 1e-9);
        assertEquals(before + 3, deadLettered(DeadLetter.STORAGE_REFUSED), 1e-9);
    }

    @Test
    void throughTheBrokerEveryKindOfPoisonIsDeadLetteredAndTheChannelKeepsGoing() {
        String run = UUID.randomUUID().toString();
        KafkaTopic readings = new KafkaTopic(KafkaIngestTest.TOPIC);
        readings.send(0, run,
                reading("through", "t1", 1),
                "not json " + run,
                "{\"metric\":\"through\",\"value\":\"" + run + "\"}",
                reading("through", "nul\\u0000" + run, 100),
                reading("refused", run, 1000),
                // two readings in one record, newline-delimited: refused whole, not stored up to the first
                reading("through", "nd1", 50) + "\n" + reading("through", "nd2", 60) + run,
                reading("through", "t2", 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> sumOf("through") == 3.0);
        // the same channel takes the next record: it was not stopped
        readings.send(1, run, reading("through", "t3", 4));
        await().atMost(Duration.ofSeconds(60)).until(() -> sumOf("through") == 7.0);

        await().atMost(Duration.ofSeconds(30)).until(() -> lettersOf(run).size() == 5);
        Map<String, String> codes = lettersOf(run);
        assertEquals("MalformedJson", codes.get("not json " + run));
        assertEquals("InvalidReading", codes.get("{\"metric\":\"through\",\"value\":\"" + run + "\"}"));
        assertEquals(DeadLetter.STORAGE_REFUSED, codes.get(reading("refused", run, 1000)));
        assertEquals("MalformedJson", codes.get(reading("through", "nd1", 50) + "\n" + reading("through", "nd2", 60) + run));
        // the NUL byte is refused by validation or, failing that, by PostgreSQL: either way a dead letter
        assertTrue(codes.containsKey(reading("through", "nul\\u0000" + run, 100)), codes.toString());
    }

    /** The dead letters keyed {@code run}, value to code. */
    private static Map<String, String> lettersOf(String run) {
        return DLQ.readAll().stream().filter(r -> run.equals(r.key())).collect(Collectors.toMap(
                r -> new String(r.value(), StandardCharsets.UTF_8), r -> KafkaTopic.header(r, "dead-letter-code"),
                (a, b) -> a));
    }
}

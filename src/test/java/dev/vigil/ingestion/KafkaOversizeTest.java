package dev.vigil.ingestion;

import static dev.vigil.ingestion.KafkaDeadLetterTest.reading;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testing.Db;
import dev.vigil.testing.KafkaTopic;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Records the dead-letter producer cannot send as they are, through the real broker. The test profile lowers the
 * bounds (a dead letter keeps at most 16 KiB of value, its producer sends at most 32 KiB) so the records stay small;
 * the code is production's. A record over the value bound reaches the dead-letter topic cut, one with headers too
 * large for the producer reaches it bare; neither holds back the good records of any partition.
 */
@QuarkusTest
@Timeout(180) // a refused dead letter that is retried as a transient fault would hold the poll forever
class KafkaOversizeTest {

    static final int MAX_VALUE = 16384;

    @Inject
    Db db;

    @Inject
    MeterRegistry meters;

    @BeforeEach
    void clean() {
        db.reset();
    }

    private double counted(String name) {
        var c = meters.find(name).tags("channel", "kafka").counters();
        return c.stream().mapToDouble(x -> x.count()).sum();
    }

    private double sumOf(String metric) {
        return db.count("select coalesce(sum(w.sum), 0) from window_aggregate w join series s on s.id = w.series_id "
                + "where s.metric = ?", metric) + 0.0;
    }

    @Test
    void anOversizedBadRecordIsDeadLetteredCutOrBareAndEveryPartitionMovesOn() {
        String run = UUID.randomUUID().toString();
        KafkaTopic readings = new KafkaTopic(KafkaIngestTest.TOPIC);
        double retries = counted("vigil.readings.store.retries");
        double failures = counted("vigil.readings.dead.letter.failures");
        double dropped = counted("vigil.readings.dropped");

        // not JSON, six times the value a dead letter keeps and three times what its producer sends
        byte[] big = ("not json " + run + " " + "x".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
        long bigAt = readings.send(0, run, big, Map.of("origin", "oversize-test"));
        // a short bad value under a header the dead-letter producer cannot send: only a bare letter gets through
        byte[] small = ("not json either " + run).getBytes(StandardCharsets.UTF_8);
        long heavyAt = readings.send(0, run, small, Map.of("bulk", "h".repeat(40_000)));
        long goodAt = readings.send(0, run, reading("oversize", "p0", 1).getBytes(StandardCharsets.UTF_8), Map.of());
        readings.send(1, run, reading("oversize", "p1", 2).getBytes(StandardCharsets.UTF_8), Map.of());

        await().atMost(Duration.ofSeconds(90)).until(() -> sumOf("oversize") == 3.0);
        assertTrue(db.count("select next_offset from ingest_offset where topic = ? and partition = 0",
                KafkaIngestTest.TOPIC) > goodAt, "partition 0's stored offset moved past the bad records");

        List<ConsumerRecord<String, byte[]>> letters = KafkaDeadLetterTest.DLQ.readAll().stream()
                .filter(r -> KafkaIngestTest.TOPIC.equals(KafkaTopic.header(r, "dead-letter-topic"))
                        && "0".equals(KafkaTopic.header(r, "dead-letter-partition"))).toList();
        ConsumerRecord<String, byte[]> cut = at(letters, bigAt);
        assertEquals(run, cut.key());
        assertEquals(MAX_VALUE, cut.value().length);
        assertArrayEquals(Arrays.copyOf(big, MAX_VALUE), cut.value());
        assertEquals("true", KafkaTopic.header(cut, "dead-letter-truncated"));
        assertEquals(Integer.toString(big.length), KafkaTopic.header(cut, "dead-letter-original-size"));
        assertEquals("MalformedJson", KafkaTopic.header(cut, "dead-letter-code"));
        assertEquals("oversize-test", KafkaTopic.header(cut, "origin"), "the original headers stay");
        assertNull(KafkaTopic.header(cut, "dead-letter-stripped"));

        ConsumerRecord<String, byte[]> bare = at(letters, heavyAt);
        assertEquals(run, bare.key());
        assertEquals(0, bare.value().length);
        assertNull(KafkaTopic.header(bare, "bulk"), "the original headers are left out");
        assertEquals("true", KafkaTopic.header(bare, "dead-letter-truncated"));
        assertEquals(Integer.toString(small.length), KafkaTopic.header(bare, "dead-letter-original-size"));
        assertEquals("MalformedJson", KafkaTopic.header(bare, "dead-letter-code"));
        assertTrue(KafkaTopic.header(bare, "dead-letter-stripped").contains("RecordTooLargeException"),
                KafkaTopic.header(bare, "dead-letter-stripped"));

        // neither letter was taken for a transient fault, and none was given up
        assertEquals(retries, counted("vigil.readings.store.retries"), 1e-9);
        assertEquals(failures, counted("vigil.readings.dead.letter.failures"), 1e-9);
        assertEquals(dropped, counted("vigil.readings.dropped"), 1e-9);
    }

    private static ConsumerRecord<String, byte[]> at(List<ConsumerRecord<String, byte[]>> letters, long offset) {
        List<ConsumerRecord<String, byte[]>> found = letters.stream()
                .filter(r -> Long.toString(offset).equals(KafkaTopic.header(r, "dead-letter-offset"))).toList();
        assertEquals(1, found.size(), "one dead letter for offset " + offset + ": " + found.size());
        return found.get(0);
    }
}

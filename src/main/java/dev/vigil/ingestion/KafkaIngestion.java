package dev.vigil.ingestion;

import dev.vigil.storage.OffsetStore;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Stores one Kafka poll exactly once: the event ids, the window aggregates and the next offsets commit in one
 * transaction, so a crash before the commit replays the poll and a crash after it replays nothing.
 *
 * <p>The transaction first locks the partitions' stored offsets and skips every record below them: a consumer that
 * still holds records of a partition that moved to another consumer (a rebalance during its poll) finds them
 * already stored and writes nothing twice, and offsets only move forward. Records that cannot be taken (refused by
 * validation or by PostgreSQL) go to the dead-letter topic before the commit, so a crash can send one twice but
 * never lose one; only a record whose dead letter Kafka refuses even without its value and headers is given up.
 */
@ApplicationScoped
public class KafkaIngestion {

    /**
     * Readings stored, readings dropped as redelivered events, records skipped as already stored, dead letters sent,
     * and records given up because Kafka refused even their bare dead letter.
     */
    public record Outcome(int accepted, int duplicates, int skipped, List<DeadLetter> deadLettered,
                          List<DeadLetter> dropped) {
    }

    private final OffsetStore offsets;
    private final PollWriter writer;
    private final DeadLetters deadLetters;

    public KafkaIngestion(OffsetStore offsets, PollWriter writer, DeadLetters deadLetters) {
        this.offsets = offsets;
        this.writer = writer;
        this.deadLetters = deadLetters;
    }

    @Transactional
    @WithSpan("vigil.ingest.kafka.store")
    public Outcome accept(Poll poll) {
        Map<String, Map<Integer, Long>> ends = byTopic(poll.ends());
        Map<TopicPartition, Long> stored = new HashMap<>();
        ends.forEach((topic, partitions) -> offsets.lock(topic, partitions.keySet())
                .forEach((partition, next) -> stored.put(new TopicPartition(topic, partition), next)));
        List<Poll.Valid> valid = poll.valid().stream().filter(v -> unstored(v.record(), stored)).toList();
        List<DeadLetter> letters = new ArrayList<>(
                poll.refused().stream().filter(d -> unstored(d.record(), stored)).toList());
        int skipped = poll.valid().size() + poll.refused().size() - valid.size() - letters.size();
        PollWriter.Written written = writer.write(valid);
        letters.addAll(written.refused());
        List<DeadLetter> dropped = deadLetters.send(letters);
        letters.removeAll(dropped);
        ends.forEach(offsets::advance);
        return new Outcome(written.accepted(), written.duplicates(), skipped, letters, dropped);
    }

    private static boolean unstored(ConsumerRecord<?, ?> r, Map<TopicPartition, Long> stored) {
        return r.offset() >= stored.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L);
    }

    private static Map<String, Map<Integer, Long>> byTopic(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().collect(Collectors.groupingBy(e -> e.getKey().topic(),
                Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue)));
    }
}

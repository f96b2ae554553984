package dev.vigil.ingestion;

import dev.vigil.aggregation.Reading;
import dev.vigil.storage.EventLedger.EventId;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll of the readings topic, decoded: the records that hold valid readings, the records refused by
 * validation, and per partition the offset after the poll's last record.
 */
public record Poll(List<Valid> valid, List<DeadLetter> refused, Map<TopicPartition, Long> ends) {

    /** A record's readings, with its CloudEvent identity if it is one (null for plain JSON). */
    public record Valid(ConsumerRecord<String, byte[]> record, EventId event, List<Reading> readings) {
    }

    public Poll {
        valid = List.copyOf(valid);
        refused = List.copyOf(refused);
        ends = Map.copyOf(ends);
    }
}

package dev.vigil.ingestion;

import dev.vigil.storage.OffsetStore;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** On every assignment, moves the consumer to the offsets stored with the aggregates, not Kafka's own. */
@ApplicationScoped
@Identifier("readings-offsets")
public class ReadingsOffsets implements KafkaConsumerRebalanceListener {

    private final OffsetStore offsets;

    public ReadingsOffsets(OffsetStore offsets) {
        this.offsets = offsets;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            OptionalLong next = offsets.nextOffset(tp.topic(), tp.partition());
            if (next.isPresent()) {
                consumer.seek(tp, next.getAsLong());
            } else {
                consumer.seekToBeginning(java.util.List.of(tp));
            }
        }
    }
}

package dev.vigil.ingestion;

import dev.vigil.storage.OffsetStore;
import dev.vigil.storage.StorageException;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * On every assignment, moves the consumer to the offsets stored with the aggregates, not Kafka's own. If
 * PostgreSQL cannot say (it is down), the consumer starts from the beginning instead: slower, still exact, since
 * {@link KafkaIngestion} skips every record below the stored offsets. Throwing here would fail the channel.
 */
@ApplicationScoped
@Identifier("readings-offsets")
public class ReadingsOffsets implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(ReadingsOffsets.class);

    private final OffsetStore offsets;

    public ReadingsOffsets(OffsetStore offsets) {
        this.offsets = offsets;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            OptionalLong next;
            try {
                next = offsets.nextOffset(tp.topic(), tp.partition());
            } catch (StorageException e) {
                LOG.warnf("stored offset of %s unknown (%s): reading it from the beginning", tp, e.getMessage());
                next = OptionalLong.empty();
            }
            if (next.isPresent()) {
                consumer.seek(tp, next.getAsLong());
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
    }
}

package dev.vigil.ingestion;

import dev.vigil.aggregation.Reading;
import dev.vigil.ingestion.KafkaEventDecoder.Decoded;
import dev.vigil.storage.Json;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes the readings topic a poll at a time. Offsets are not committed to Kafka: {@link KafkaIngestion} stores
 * them with the aggregates in one transaction, and {@link ReadingsOffsets} seeks to them on assignment.
 * A record that is not a valid reading is counted, logged and skipped; it cannot be answered with a 4xx.
 */
@ApplicationScoped
public class ReadingsConsumer {

    private static final Logger LOG = Logger.getLogger(ReadingsConsumer.class);

    private final ReadingIntake intake;
    private final KafkaIngestion ingestion;
    private final MeterRegistry meters;
    private final KafkaEventDecoder decoder = new KafkaEventDecoder(Json.mapper());

    public ReadingsConsumer(ReadingIntake intake, KafkaIngestion ingestion, MeterRegistry meters) {
        this.intake = intake;
        this.ingestion = ingestion;
        this.meters = meters;
    }

    @Incoming("readings")
    @Blocking(ordered = true)
    public void consume(ConsumerRecords<String, byte[]> records) {
        List<KafkaIngestion.Candidate> candidates = new ArrayList<>(records.count());
        Map<Integer, Long> next = new HashMap<>();
        String topic = null;
        for (ConsumerRecord<String, byte[]> r : records) {
            topic = r.topic();
            next.merge(r.partition(), r.offset() + 1, Math::max);
            try {
                Decoded d = decoder.decode(r.headers(), r.value());
                List<Reading> readings = intake.validate(d.data(), d.time());
                candidates.add(new KafkaIngestion.Candidate(d.event(), readings));
            } catch (RejectedInput e) {
                meters.counter("vigil.readings.rejected", "channel", "kafka", "code", e.code()).increment();
                LOG.warnf("skipped %s-%d@%d: %s (%s)", r.topic(), r.partition(), r.offset(), e.getMessage(), e.code());
            }
        }
        if (topic == null) {
            return;
        }
        KafkaIngestion.Outcome outcome = ingestion.accept(topic, candidates, next);
        meters.counter("vigil.readings.accepted", "channel", "kafka").increment(outcome.accepted());
        meters.counter("vigil.readings.duplicate", "channel", "kafka").increment(outcome.duplicates());
    }

}

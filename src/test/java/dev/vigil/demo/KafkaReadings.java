package dev.vigil.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends meter readings to Vigil's readings topic as binary-mode CloudEvents ({@code ce_*} headers, a JSON batch in
 * the value), one record per meter and up to {@link #PER_RECORD} readings, keyed by meter so that a meter's readings
 * stay in order on one partition. It remembers, per partition, the offset after the last record the broker
 * acknowledged: Vigil has stored everything sent once its stored positions ({@code GET /api/v1/ingestion/offsets})
 * reach those.
 */
final class KafkaReadings implements AutoCloseable {

    /** About 60 KB per record, well under the broker's default 1 MB message limit. */
    static final int PER_RECORD = 500;

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Map<String, List<String>> pending = new HashMap<>();
    private final Map<Integer, Long> ends = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long sent;

    KafkaReadings(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Queues one reading; a meter's batch goes out once it holds {@link #PER_RECORD} readings. */
    void add(MeterFleet.Reading r) {
        List<String> batch = pending.computeIfAbsent(r.meter(), m -> new ArrayList<>(PER_RECORD));
        batch.add(r.json());
        if (batch.size() == PER_RECORD) {
            send(r.meter(), batch);
        }
    }

    /** Sends what is queued, waits for the broker's acknowledgements and returns the readings sent so far. */
    long flush() {
        pending.forEach(this::send);
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("Kafka refused readings", failure.get());
        }
        return sent;
    }

    /** Per partition, the offset after the last acknowledged record. */
    Map<Integer, Long> ends() {
        return Map.copyOf(ends);
    }

    private void send(String meter, List<String> batch) {
        if (batch.isEmpty()) {
            return;
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, meter,
                ("[" + String.join(",", batch) + "]").getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_specversion", bytes("1.0")).add("ce_id", bytes(UUID.randomUUID().toString()))
                .add("ce_source", bytes("/demo/meter-fleet")).add("ce_type", bytes("dev.vigil.readings.v1"))
                .add("content-type", bytes("application/json"));
        sent += batch.size();
        batch.clear();
        producer.send(record, (meta, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                ends.merge(meta.partition(), meta.offset() + 1, Math::max);
            }
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}

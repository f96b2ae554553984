package dev.vigil.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain producer and reader of one topic of a test broker, for what the application's own clients do not show. */
public final class KafkaTopic {

    private final String name;
    private final String bootstrap;

    /** The topic on the broker every test shares ({@link KafkaResource}). */
    public KafkaTopic(String name) {
        this(name, KafkaResource.bootstrap());
    }

    /** The topic on the broker at this (plaintext) address. */
    public KafkaTopic(String name, String bootstrap) {
        this.name = name;
        this.bootstrap = bootstrap;
    }

    /** Sends the values (UTF-8) to the partition, or by key when the partition is null; waits for each ack. */
    public void send(Integer partition, String key, String... values) {
        Properties p = producer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            List<Future<?>> acks = new ArrayList<>();
            for (String v : values) {
                acks.add(producer.send(new ProducerRecord<>(name, partition, key, v.getBytes(StandardCharsets.UTF_8))));
            }
            for (var ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + name, e);
        }
    }

    /** Sends one record with the headers (UTF-8) to the partition, waits for its ack and returns its offset. */
    public long send(int partition, String key, byte[] value, Map<String, String> headers) {
        Properties p = producer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(name, partition, key, value);
            headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            return producer.send(record).get().offset();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + name, e);
        }
    }

    /**
     * Sends {@code count} copies of the value to each partition from one producer that lingers, so that the
     * records of all partitions leave in one request and a consumer's next poll sees them together.
     */
    public void sendTogether(String key, String value, int count, int... partitions) {
        Properties p = producer();
        p.put(ProducerConfig.LINGER_MS_CONFIG, "500");
        // one batch per partition: with the default 16 kB batches, 200 readings became two batches per partition
        // that could land in separate requests, and under load a poll saw only the first of them
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            List<Future<?>> acks = new ArrayList<>();
            for (int partition : partitions) {
                for (int i = 0; i < count; i++) {
                    acks.add(producer.send(new ProducerRecord<>(name, partition, key,
                            value.getBytes(StandardCharsets.UTF_8))));
                }
            }
            producer.flush();
            for (var ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + name, e);
        }
    }

    /** Every record the topic holds now, read from the beginning of each partition (none if it does not exist). */
    public List<ConsumerRecord<String, byte[]>> readAll() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            var infos = consumer.partitionsFor(name, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return out;
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(name, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** A header's value as text, or null. */
    public static String header(ConsumerRecord<?, ?> record, String key) {
        Header h = record.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A producer's settings for the test broker: string keys, byte values, every replica's acknowledgement. */
    private Properties producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }
}

package dev.vigil.bench.faults;

import dev.vigil.bench.faults.Workload.Unit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes units to the readings topic, one record per series and window keyed by series key: even units as plain
 * JSON, odd units as binary-mode CloudEvents with ids of their series and window, so both kinds of record cross every fault. The
 * producer is idempotent with {@code acks=all}: a record the broker acknowledged is in the log once.
 */
final class KafkaSender {

    private final String bootstrap;

    KafkaSender(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** Sends every unit at once and waits for the broker's acknowledgements; returns the readings sent. */
    long send(String metric, List<Unit> units) {
        return send(metric, units, Duration.ZERO);
    }

    /**
     * Sends the units spread evenly over {@code spread}, so Vigil is still consuming when a fault strikes; returns
     * the readings sent once the broker acknowledged them.
     */
    long send(String metric, List<Unit> units, Duration spread) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        long readings = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < units.size(); i++) {
                Unit u = units.get(i);
                long due = t0 + spread.toNanos() * i / units.size();
                if (i % 100 == 0 && System.nanoTime() < due) {
                    sleepUntil(due);
                }
                RecordHeaders headers = new RecordHeaders();
                if (i % 2 == 1) {
                    header(headers, "ce_specversion", "1.0");
                    header(headers, "ce_id", metric + "-k" + u.series() + "-" + u.window());
                    header(headers, "ce_source", "/fault/" + metric);
                    header(headers, "ce_type", "dev.vigil.readings.v1");
                    header(headers, "content-type", "application/json");
                }
                producer.send(new ProducerRecord<>(KafkaServer.READINGS, null, u.key(),
                        u.json().getBytes(StandardCharsets.UTF_8), headers));
                readings += u.readings();
            }
            producer.flush();
        }
        return readings;
    }

    private static void sleepUntil(long nanos) {
        try {
            Thread.sleep(Math.max(0, (nanos - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

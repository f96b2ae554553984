package dev.vigil.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load driver for BENCHMARKS.md: drives a running Vigil (the README's run command) with readings over HTTP
 * batches or the Kafka topic, and prints sustained readings per second into stored aggregates. It waits until
 * Vigil's own counter of stored readings has moved by the number sent, so the figure is end to end.
 *
 * <p>Usage: {@code IngestLoad http|events|kafka [readings] [series] [threads]} ({@code events}: batched CloudEvents of
 * one reading each, 500 to a request, as an Event Grid-like emitter sends them); env VIGIL_URL (default
 * http://localhost:8080), VIGIL_KAFKA_BOOTSTRAP (default 127.0.0.1:59092).
 */
public final class IngestLoad {

    private static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");
    /** Event ids differ from run to run: a repeated id is a redelivery, counted as a duplicate, never stored. */
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "http";
        long readings = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int series = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        String url = System.getenv().getOrDefault("VIGIL_URL", "http://localhost:8080");
        // metrics are on the management interface; readings need a key with the ingest role when keys are configured
        String metrics = System.getenv().getOrDefault("VIGIL_MANAGEMENT_URL", "http://localhost:9000");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String channel = "kafka".equals(mode) ? "kafka" : "http";
        double before = stored(http, metrics, channel);
        long t0 = System.nanoTime();
        long sent = "kafka".equals(mode) ? viaKafka(readings, series)
                : viaHttp(http, url, readings, series, threads, "events".equals(mode));
        long sendNanos = System.nanoTime() - t0;
        while (stored(http, metrics, channel) - before < sent) {
            Thread.sleep(100);
        }
        long total = System.nanoTime() - t0;
        System.out.printf(Locale.ROOT, "mode=%s readings=%d series=%d threads=%d send=%.1fs stored=%.1fs -> %.0f readings/s%n",
                mode, sent, series, threads, sendNanos / 1e9, total / 1e9, sent / (total / 1e9));
    }

    /**
     * Reading i: series i mod n, one reading per series per minute, so each window gets 5 per series. Built by hand:
     * with {@code String.format} the driver spent more CPU making readings than Vigil spent storing them, on the
     * same two cores.
     */
    private static String reading(long i, int series) {
        long s = i % series;
        long milli = 100_000 + (i % 97) * 500;   // the value 100 + (i mod 97) / 2, in thousandths
        return new StringBuilder(110).append("{\"metric\":\"bench\",\"dimensions\":{\"meter\":\"m").append(s)
                .append("\"},\"timestamp\":\"").append(BASE.plusSeconds(60 * (i / series))).append("\",\"value\":")
                .append(milli / 1000).append('.').append(String.valueOf(1000 + milli % 1000).substring(1)).append('}')
                .toString();
    }

    /** A batched CloudEvent of reading i. */
    private static String event(long i, int series) {
        return new StringBuilder(220).append("{\"specversion\":\"1.0\",\"id\":\"").append(RUN).append('-').append(i)
                .append("\",\"source\":\"/bench\",\"type\":\"dev.vigil.reading.v1\",")
                .append("\"datacontenttype\":\"application/json\",\"data\":").append(reading(i, series)).append('}')
                .toString();
    }

    private static long viaHttp(HttpClient http, String url, long readings, int series, int threads, boolean events)
            throws Exception {
        int batch = events ? 500 : 1000;
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                long mine = 0;
                for (long start = next.getAndAdd(batch); start < readings; start = next.getAndAdd(batch)) {
                    StringBuilder b = new StringBuilder(batch * 110).append('[');
                    long end = Math.min(readings, start + batch);
                    for (long i = start; i < end; i++) {
                        b.append(i == start ? "" : ",").append(events ? event(i, series) : reading(i, series));
                    }
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + (events ? "/" : "/readings")))
                            .header("Content-Type", events ? "application/cloudevents-batch+json" : "application/json")
                            .header("Authorization", "Bearer " + System.getenv().getOrDefault("VIGIL_KEY", "none"))
                            .POST(HttpRequest.BodyPublishers.ofString(b.append(']').toString())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
                    }
                    mine += end - start;
                }
                return mine;
            }));
        }
        long sent = 0;
        for (Future<Long> f : done) {
            sent += f.get();
        }
        pool.shutdown();
        return sent;
    }

    private static long viaKafka(long readings, int series) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv().getOrDefault("VIGIL_KAFKA_BOOTSTRAP", "127.0.0.1:59092"));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            for (long i = 0; i < readings; i++) {
                producer.send(new ProducerRecord<>("vigil.readings", "bench{meter=m" + (i % series) + "}",
                        reading(i, series).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        return readings;
    }

    /** Vigil's own count of stored readings on a channel, from its Prometheus endpoint. */
    private static double stored(HttpClient http, String url, String channel) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(url + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith("vigil_readings_accepted_total") && line.contains("channel=\"" + channel + "\"")) {
                // the value follows the labels; an OpenMetrics exemplar (" # {span_id=...} v t") may follow it
                String value = line.substring(line.indexOf("} ") + 2);
                int exemplar = value.indexOf(" #");
                sum += Double.parseDouble((exemplar < 0 ? value : value.substring(0, exemplar)).trim());
            }
        }
        return sum;
    }
}

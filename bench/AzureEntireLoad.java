import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load driver for POST /anomalydetector/v1.1/timeseries/entire/detect with 1,000 hourly points (a daily
 * cycle plus seeded noise and a few spikes). JDK only, run as a source file:
 *
 * <pre>java bench/AzureEntireLoad.java --url http://127.0.0.1:8080 --key KEY [--threads 8] [--seconds 30]
 *      [--warmup 10] [--points 1000]</pre>
 *
 * Each thread sends one request, waits for the answer, and sends the next. Prints requests/s, latency percentiles
 * and the count of non-200 answers (measured after the warm-up only).
 */
public class AzureEntireLoad {

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", "http://127.0.0.1:8080");
        String key = arg(args, "--key", "");
        int threads = Integer.parseInt(arg(args, "--threads", "8"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "30"));
        int warmup = Integer.parseInt(arg(args, "--warmup", "10"));
        int points = Integer.parseInt(arg(args, "--points", "1000"));
        String body = body(points);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/anomalydetector/v1.1/timeseries/entire/detect"))
                .header("Content-Type", "application/json").header("Ocp-Apim-Subscription-Key", key)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();

        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong errors = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] lat = new long[2_000_000];
            perThread.add(lat);
            int id = t;
            Thread w = new Thread(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    int status;
                    try {
                        status = client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    long nanos = System.nanoTime() - start;
                    if (measuring.get()) {
                        if (status != 200) {
                            errors.incrementAndGet();
                        }
                        if (counts[id] < lat.length) {
                            lat[counts[id]++] = nanos;
                        }
                    }
                }
            });
            workers.add(w);
            w.start();
        }
        Thread.sleep(warmup * 1000L);
        measuring.set(true);
        long begin = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - begin) / 1e9;
        running.set(false);
        for (Thread w : workers) {
            w.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int pos = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(perThread.get(t), 0, all, pos, counts[t]);
            pos += counts[t];
        }
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "points=%d threads=%d measured=%.1fs requests=%d non200=%d%n",
                points, threads, elapsed, total, errors.get());
        System.out.printf(Locale.ROOT, "throughput %.1f req/s; latency ms p50 %.2f p90 %.2f p99 %.2f max %.2f%n",
                total / elapsed, pct(all, 0.50), pct(all, 0.90), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }

    private static String body(int n) {
        Random rnd = new Random(42);
        StringBuilder sb = new StringBuilder("{\"series\":[");
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            double v = 100 + 20 * Math.sin(2 * Math.PI * i / 24) + 2 * rnd.nextGaussian() + (i % 97 == 50 ? 40 : 0);
            sb.append(i == 0 ? "" : ",").append("{\"timestamp\":\"").append(t0.plus(Duration.ofHours(i)))
                    .append("\",\"value\":").append(String.format(Locale.ROOT, "%.4f", v)).append('}');
        }
        return sb.append("],\"granularity\":\"hourly\"}").toString();
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}

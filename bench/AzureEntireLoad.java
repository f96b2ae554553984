import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
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
 *      [--warmup 10] [--points 1000] [--client jdk|socket]</pre>
 *
 * Each thread sends one request, waits for the answer, and sends the next. Prints requests/s, latency percentiles
 * and the count of non-200 answers (measured after the warm-up only). The driver shares the server's cores, so its
 * own CPU is taken from the server: {@code jdk} (the default) uses the JDK's HttpClient, about 2 ms of CPU per
 * request here; {@code socket} writes the prepared request bytes on one kept-alive connection per thread and reads
 * the answer by its Content-Length (or chunks), as lean load generators such as wrk do.
 */
public class AzureEntireLoad {

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", "http://127.0.0.1:8080");
        String key = arg(args, "--key", "");
        int threads = Integer.parseInt(arg(args, "--threads", "8"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "30"));
        int warmup = Integer.parseInt(arg(args, "--warmup", "10"));
        int points = Integer.parseInt(arg(args, "--points", "1000"));
        boolean socket = arg(args, "--client", "jdk").equals("socket");
        String body = body(points);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/anomalydetector/v1.1/timeseries/entire/detect"))
                .header("Content-Type", "application/json").header("Ocp-Apim-Subscription-Key", key)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();

        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong errors = new AtomicLong();
        AtomicBoolean reported = new AtomicBoolean(false);
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] lat = new long[2_000_000];
            perThread.add(lat);
            int id = t;
            RawClient raw = socket ? new RawClient(URI.create(url), key, body) : null;
            Thread w = new Thread(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    int status;
                    try {
                        status = raw != null ? raw.send()
                                : client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                    } catch (Exception e) {
                        if (reported.compareAndSet(false, true)) {
                            System.err.println("first failure (later ones are counted, not printed): " + e);
                        }
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
        System.out.printf(Locale.ROOT, "points=%d threads=%d client=%s measured=%.1fs requests=%d non200=%d%n",
                points, threads, socket ? "socket" : "jdk", elapsed, total, errors.get());
        System.out.printf(Locale.ROOT, "throughput %.1f req/s; latency ms p50 %.2f p90 %.2f p99 %.2f max %.2f%n",
                total / elapsed, pct(all, 0.50), pct(all, 0.90), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    /** One kept-alive HTTP/1.1 connection sending the same prepared request; reconnects after an error. */
    private static final class RawClient {
        private final String host;
        private final int port;
        private final byte[] request;
        private final byte[] sink = new byte[64 * 1024];
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        RawClient(URI url, String key, String body) {
            host = url.getHost();
            port = url.getPort() < 0 ? 80 : url.getPort();
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST /anomalydetector/v1.1/timeseries/entire/detect HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nContent-Type: application/json\r\nOcp-Apim-Subscription-Key: " + key
                    + "\r\nContent-Length: " + payload.length + "\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.US_ASCII);
            request = Arrays.copyOf(h, h.length + payload.length);
            System.arraycopy(payload, 0, request, h.length, payload.length);
        }

        int send() throws IOException {
            try {
                if (socket == null) {
                    socket = new Socket(host, port);
                    socket.setTcpNoDelay(true);
                    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                    out = socket.getOutputStream();
                }
                out.write(request);
                out.flush();
                return readResponse();
            } catch (IOException e) {
                if (socket != null) {
                    socket.close();
                }
                socket = null;
                throw e;
            }
        }

        private int readResponse() throws IOException {
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
                    skip(size);
                    line();
                }
                line();
            } else if (length > 0) {
                skip(length);
            }
            return code;
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                int r = in.read(sink, 0, (int) Math.min(sink.length, n));
                if (r < 0) {
                    throw new IOException("connection closed");
                }
                n -= r;
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }
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

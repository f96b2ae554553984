package dev.vigil.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.aggregation.SeriesKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The smart-meter fleet demo: fills a running Vigil with a backfill of {@link MeterFleet} (binary-mode CloudEvents
 * {@code dev.vigil.readings.v1} over HTTP, up to 10,000 readings each), defines the meter group (hourly step) and
 * trains it on the days before the faults, runs detection until the backlog is scored (univariate and group), and
 * prints where to look.
 *
 * <p>Options: {@code --meters 1000 --days 21 --step PT1H --rate 0} (readings per second, 0 = as fast as Vigil takes
 * them) {@code --seed 1 --via http} ({@code kafka}: to the readings topic, then wait until Vigil's stored Kafka
 * positions pass what was sent) {@code --faults true} ({@code false}: nothing injected, so every incident is a
 * false one) {@code --end 2026-12-02T17:00:00Z} (the fleet's last hour; default an hour ago: a fixed end repeats a
 * run's calendar, which decides what the detector sees on its first judged weekend); env VIGIL_URL (default
 * http://localhost:8080), VIGIL_KEY (a key with ingest, operate, read and admin roles, when Vigil asks for keys),
 * VIGIL_KAFKA_BOOTSTRAP (default the local mode's broker, localhost:59092) and VIGIL_READINGS_TOPIC (default
 * vigil.readings) for {@code --via kafka}.
 */
public final class MeterDemo {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final String key;

    MeterDemo(String url, String key) {
        this.url = url.replaceFirst("/$", "");
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of("meters", "1000", "days", "21", "step", "PT1H", "rate", "0",
                "seed", "1", "via", "http", "faults", "true"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Instant end = o.containsKey("end") ? Instant.parse(o.get("end")) : Instant.now().minus(Duration.ofHours(1));
        MeterFleet fleet = new MeterFleet(Integer.parseInt(o.get("meters")), end,
                Duration.ofDays(Long.parseLong(o.get("days"))), Duration.parse(o.get("step")),
                Long.parseLong(o.get("seed")), Boolean.parseBoolean(o.get("faults")));
        MeterDemo demo = new MeterDemo(System.getenv().getOrDefault("VIGIL_URL", "http://localhost:8080"),
                ApiKey.fromEnv());
        switch (o.get("via")) {
            case "http" -> demo.fill(fleet, Double.parseDouble(o.get("rate")));
            case "kafka" -> {
                long t0 = System.nanoTime();
                demo.sendKafka(fleet, Double.parseDouble(o.get("rate")),
                        System.getenv().getOrDefault("VIGIL_KAFKA_BOOTSTRAP", "localhost:59092"),
                        System.getenv().getOrDefault("VIGIL_READINGS_TOPIC", "vigil.readings"));
                demo.detectAndReport(fleet, t0);
            }
            default -> throw new IllegalArgumentException("--via is http or kafka, not " + o.get("via"));
        }
    }

    /**
     * Sends the fleet to the readings topic and returns once Vigil has stored all of it (its stored positions, which
     * commit with the aggregates, pass the last acknowledged offsets).
     */
    long sendKafka(MeterFleet fleet, double rate, String bootstrap, String topic) throws Exception {
        long t0 = System.nanoTime();
        try (KafkaReadings kafka = new KafkaReadings(bootstrap, topic)) {
            long queued = 0;
            for (long i = 0; i < fleet.steps(); i++) {
                for (MeterFleet.Reading r : fleet.at(i)) {
                    kafka.add(r);
                    throttle(++queued, rate, t0);
                }
            }
            long sent = kafka.flush();
            System.out.printf("sent %,d readings to Kafka topic %s in %.0f s; waiting until Vigil has stored them%n",
                    sent, topic, (System.nanoTime() - t0) / 1e9);
            awaitStored(topic, kafka.ends(), Duration.ofMinutes(30));
            System.out.printf("stored %,d readings in %.0f s (%,.0f readings/s)%n", sent,
                    (System.nanoTime() - t0) / 1e9, sent / ((System.nanoTime() - t0) / 1e9));
            return sent;
        }
    }

    /** Polls Vigil's stored Kafka positions until each partition reaches {@code ends}. */
    void awaitStored(String topic, Map<Integer, Long> ends, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<Integer, Long> stored = new HashMap<>();
            for (JsonNode p : JSON.readTree(call("GET", "/api/v1/ingestion/offsets", null).body())) {
                if (topic.equals(p.path("topic").asText())) {
                    stored.put(p.path("partition").asInt(), p.path("nextOffset").asLong());
                }
            }
            if (ends.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Vigil did not store the readings in " + timeout + ": sent up to "
                        + ends + ", stored " + stored);
            }
            Thread.sleep(500);
        }
    }

    void fill(MeterFleet fleet, double rate) throws Exception {
        long t0 = System.nanoTime();
        long sent = 0;
        List<String> batch = new ArrayList<>();
        for (long i = 0; i < fleet.steps(); i++) {
            for (MeterFleet.Reading r : fleet.at(i)) {
                batch.add(r.json());
                if (batch.size() == 10_000) {
                    sent += send(batch);
                    throttle(sent, rate, t0);
                }
            }
        }
        sent += send(batch);
        // the fleet's size, not readings over steps: silent and stuck meters send fewer
        System.out.printf("sent %,d readings of %d meters (%s to %s) in %.0f s%n", sent, fleet.meters(),
                fleet.start(), fleet.end(), (System.nanoTime() - t0) / 1e9);
        detectAndReport(fleet, t0);
    }

    /**
     * Defines the meter group (hourly step) and trains it on the span before the faults, so that detection scores the
     * faults as new data; runs detection until the backlog is scored (univariate and group) and prints where to look.
     */
    void detectAndReport(MeterFleet fleet, long t0) throws Exception {
        JsonNode statutory = statutoryRule();
        HttpResponse<String> group = call("POST", "/api/v1/admin/groups", MeterFleet.GROUP);
        System.out.println("meter group (step PT1H): " + (group.statusCode() == 409 ? "exists" : group.statusCode()));
        JsonNode trained = JSON.readTree(call("POST", "/api/v1/groups/meters/training", "{\"at\":\""
                + fleet.trainedUntil() + "\"}").body());
        System.out.printf("group training to %s: %d ready, %d failed%n", fleet.trainedUntil(),
                trained.path("ready").asInt(), trained.path("failed").asInt());
        detectUntilDone();
        System.out.printf("%.0f s in all%n", (System.nanoTime() - t0) / 1e9);
        JsonNode incidents = JSON.readTree(call("GET", "/api/v1/incidents?limit=500", null).body());
        int single = 0;
        for (JsonNode i : incidents) {
            single += i.path("anomalyCount").asInt() == 1 ? 1 : 0;
        }
        System.out.printf("%d incidents (%d of a single anomaly); the injected faults:%n", incidents.size(), single);
        // what the stored rule did, as its preview over the fleet's span tells (the rule alone, decided again)
        HttpResponse<String> preview = call("POST", "/api/v1/alert-rules/preview?from=" + fleet.start() + "&to="
                + fleet.end(), statutory.toString());
        JsonNode band = JSON.readTree(preview.body());
        if (preview.statusCode() != 200) {
            throw new IllegalStateException("the preview of the stored rule answered " + preview.statusCode() + ": "
                    + preview.body());
        }
        System.out.printf("statutory voltage (the stored rule, snooze %s): %d hourly windows outside %s to %s V, %d "
                + "alerts, over %d meters%n", statutory.path("snooze").asText(), band.path("flagged").asLong(),
                statutory.path("limits").path("lower").asText(), statutory.path("limits").path("upper").asText(),
                band.path("alerts").asLong(), band.path("subjectsAlerted").asInt());
        for (JsonNode i : incidents) {
            String scope = i.get("scope").toString();
            if (scope.contains("\"f0" + MeterFleet.SAG_FEEDER + "\"") && i.get("scope").size() == 1
                    || scope.contains(MeterFleet.meter(MeterFleet.HEATER)) || scope.contains(MeterFleet.meter(MeterFleet.STUCK))
                    || scope.contains(MeterFleet.meter(MeterFleet.DRIFT))) {
                JsonNode top = i.path("rootCause").path("dimensions").path(0);
                System.out.printf("  %s %s: %d series, first %s, root cause %s=%s%n    %s/dashboard/#/incidents/%s%n",
                        i.get("status").asText(), scope, i.get("seriesCount").asInt(), i.get("firstWindow").asText(),
                        top.path("key").asText(), top.path("value").asText(), url, i.get("id").asText());
            }
        }
        long heater = SeriesKey.of("meters", Map.of("meter", MeterFleet.meter(MeterFleet.HEATER))).id();
        System.out.printf("open %s/dashboard/#/incidents (all incidents), %s/dashboard/#/groups/meters (the meters "
                + "ranked by group anomalies), %s/dashboard/#/groups/meters/%d?range=7d (the stuck heater of %s: its "
                + "group anomalies with power, current and temperature on top)%n", url, url, url, heater,
                MeterFleet.meter(MeterFleet.HEATER));
        String drifting = MeterFleet.meter(MeterFleet.DRIFT);
        long drift = SeriesKey.of("temperature", Map.of("meter", drifting,
                "feeder", MeterFleet.feeder(MeterFleet.DRIFT), "region", MeterFleet.region(MeterFleet.DRIFT))).id();
        long driftEntity = SeriesKey.of("meters", Map.of("meter", drifting)).id();
        System.out.printf("and %s/dashboard/#/series/%d?range=7d (the temperature sensor of %s drifting %.1f °C a day "
                + "from %s; its group: %s/dashboard/#/groups/meters/%d?range=7d)%n", url, drift, drifting,
                MeterFleet.DRIFT_PER_DAY, fleet.driftFrom(), url, driftEntity);
        JsonNode silent = JSON.readTree(call("GET", "/api/v1/silence", null).body());
        System.out.printf("%d silent series (%s off the network since %s): %s/api/v1/silence, and the overview%n",
                silent.size(), MeterFleet.meter(MeterFleet.OFFLINE), fleet.offlineFrom(), url);
    }

    /**
     * Stores the demo's rule {@code statutory voltage}, or reads the one stored already (the README's curl stores one
     * with the default snooze), and says how a stored one differs from the demo's: the report previews the stored
     * rule, since that is the one whose alerts were sent.
     */
    JsonNode statutoryRule() throws Exception {
        JsonNode wanted = JSON.readTree(MeterFleet.STATUTORY_VOLTAGE);
        HttpResponse<String> created = call("POST", "/api/v1/alert-rules", MeterFleet.STATUTORY_VOLTAGE);
        if (created.statusCode() == 201) {
            System.out.println("alert rule \"statutory voltage\" (207 to 253 V, conditions only, snooze PT6H): stored");
            return JSON.readTree(created.body());
        }
        if (created.statusCode() != 409) {
            throw new IllegalStateException("storing the rule answered " + created.statusCode() + ": "
                    + created.body());
        }
        JsonNode stored = null;
        for (JsonNode r : JSON.readTree(call("GET", "/api/v1/alert-rules", null).body())) {
            stored = wanted.path("name").equals(r.path("name")) ? r : stored;
        }
        if (stored == null) {
            throw new IllegalStateException("the rule \"statutory voltage\" exists and could not be read");
        }
        List<String> differ = new ArrayList<>();
        for (var it = wanted.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!same(wanted.get(f), stored.get(f))) {
                differ.add(f + " " + stored.get(f) + " (the demo's: " + wanted.get(f) + ")");
            }
        }
        System.out.println("alert rule \"statutory voltage\": exists" + (differ.isEmpty() ? ", as the demo's"
                : " and differs from the demo's: " + String.join(", ", differ) + "; the report shows the stored rule"));
        return stored;
    }

    /** JSON values equal as values: numbers by value (207 and 207.0), objects field by field. */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.doubleValue() == b.doubleValue();
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (var it = a.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!same(a.get(f), b.get(f))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /**
     * Runs detection until nothing is left. A run is (cutoff, shard) claims and its cutoff is the newest closed
     * window, so two manual runs in the same five minutes would be one run: the backfill's runs step their
     * {@code at} five minutes apart, ending at now, as the scheduled runs of the last two hours would have.
     */
    private void detectUntilDone() throws Exception {
        Instant now = Instant.now();
        for (int run = 1; run <= 200; run++) {
            Instant at = now.minus(Duration.ofMinutes(5L * Math.max(0, 24 - run)));
            JsonNode report = JSON.readTree(call("POST", "/api/v1/detection/runs", "{\"at\":\"" + at + "\"}")
                    .body());
            System.out.printf("detection run %d: %,d windows scored, %d anomalies%n", run,
                    report.path("windowsScored").asInt(), report.path("anomalies").asInt());
            if (report.path("windowsScored").asInt() == 0 && !at.isBefore(now)) {
                return;
            }
        }
    }

    private int send(List<String> readings) throws Exception {
        if (readings.isEmpty()) {
            return 0;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/"))
                .header("Content-Type", "application/json").header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString()).header("ce-source", "/demo/meter-fleet")
                .header("ce-type", "dev.vigil.readings.v1")
                .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", readings) + "]"));
        ApiKey.authorize(b, key);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        // 503: nothing was stored (the database is busy on a loaded machine); the same event again, a little later
        for (int attempt = 1; r.statusCode() == 503 && attempt <= 5; attempt++) {
            Thread.sleep(2000L * attempt);
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Vigil refused readings: " + r.statusCode() + " " + r.body());
        }
        int n = readings.size();
        readings.clear();
        return n;
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        ApiKey.authorize(b, key);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void throttle(long sent, double rate, long t0) throws InterruptedException {
        if (rate <= 0) {
            return;
        }
        long due = t0 + (long) (sent / rate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}

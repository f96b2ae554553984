package dev.vigil.demo;

import dev.vigil.testing.NabFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The dashboard demo: replays a NAB file into a running Vigil with its timestamps shifted so the file ends ten
 * minutes ago (the files are from 2013-2015, older than the accepted reading age), then triggers a detection run.
 *
 * <p>Usage: {@code NabDemo [file under ../shared/datasets/nab/data] [metric] [machine]}; env VIGIL_URL (default
 * http://localhost:8080) and VIGIL_KEY (a key with the ingest and operate roles, when Vigil asks for keys).
 */
public final class NabDemo {

    public static void main(String[] args) throws Exception {
        String file = args.length > 0 ? args[0] : "realKnownCause/machine_temperature_system_failure.csv";
        String metric = args.length > 1 ? args[1] : "temperature";
        String machine = args.length > 2 ? args[2] : "m1";
        String url = System.getenv().getOrDefault("VIGIL_URL", "http://localhost:8080");
        String key = ApiKey.fromEnv();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        List<NabFile.Row> rows = NabFile.read(file);
        Duration shift = Duration.between(rows.get(rows.size() - 1).time(), Instant.now().minus(Duration.ofMinutes(10)));
        List<NabFile.Row> shifted = rows.stream().map(r -> new NabFile.Row(r.time().plus(shift), r.value())).toList();
        for (int i = 0; i < shifted.size(); i += 5000) {
            post(http, key, url + "/readings", NabFile.batch(metric, machine,
                    shifted.subList(i, Math.min(shifted.size(), i + 5000))));
        }
        System.out.printf("replayed %d readings of %s{machine=%s} ending %s%n", rows.size(), metric, machine,
                shifted.get(shifted.size() - 1).time());
        System.out.println("detection run: " + post(http, key, url + "/api/v1/detection/runs", "{}"));
        System.out.println("open " + url + "/dashboard/");
    }

    private static String post(HttpClient http, String key, String url, String json) throws Exception {
        HttpResponse<String> response = http.send(ApiKey.authorize(HttpRequest.newBuilder(URI.create(url)), key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + (key == null
                    ? "this Vigil asks for an API key: set VIGIL_KEY" : "VIGIL_KEY lacks the ingest or operate role,"
                    + " or is not one of this Vigil's keys") + " (" + response.body() + ")");
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}

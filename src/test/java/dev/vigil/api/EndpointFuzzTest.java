package dev.vigil.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.scheduling.DetectionConfig;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Every Vigil endpoint gets hostile input: malformed, empty, huge, extreme values, control characters, unpaired
 * surrogates, over-long keys, deep nesting, bad CloudEvent attributes, odd query parameters. No answer may be a 5xx,
 * and afterwards the pipeline still works: a run completes every shard and nothing had to be quarantined (no hostile
 * input was stored). The Azure API's own fuzzing is in FuzzTest.
 */
@QuarkusTest
class EndpointFuzzTest {

    private static final String GOOD = "{\"metric\":\"m\",\"dimensions\":{\"k\":\"v\"},\"timestamp\":\"2026-10-01T00:00:30Z\",\"value\":1}";

    /** Readings, or parts of them, that must never be stored and never cause a 5xx. */
    private static final String[] HOSTILE = {
        "", " ", "{", "[", "null", "[]", "{}", "[{}]", "[null]", "\"x\"", "1e308", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        GOOD.replace("1}", "1e308}"), GOOD.replace("1}", "-1e101}"), GOOD.replace("1}", "1e99999}"),
        GOOD.replace("1}", "NaN}"), GOOD.replace("1}", "\"1\"}"), GOOD.replace("1}", "true}"),
        GOOD.replace("\"m\"", "\"m\\u0000\""), GOOD.replace("\"v\"", "\"v\\u0007\""), GOOD.replace("\"k\"", "\"k\\n\""),
        GOOD.replace("\"m\"", "\"\\ud800\""), GOOD.replace("\"v\"", "\"\\udfff\\ud800\""),
        GOOD.replace("\"m\"", "\"" + "x".repeat(100_000) + "\""),
        GOOD.replace("\"v\"", "\"" + "é".repeat(250) + "\"").replace("{\"k\"", "{\"a\":\"" + "é".repeat(250) + "\",\"b\":\""
                + "é".repeat(250) + "\",\"k\""),
        GOOD.replace("2026-10-01T00:00:30Z", "9999-12-31T23:59:59Z"), GOOD.replace("2026-10-01T00:00:30Z", "0001-01-01T00:00:00Z"),
        GOOD.replace("2026-10-01T00:00:30Z", "2026-13-45T99:99:99Z"), GOOD.replace("\"dimensions\":{\"k\":\"v\"}", "\"dimensions\":[]"),
        "[" + (GOOD + ",").repeat(10_000) + GOOD + "]", "[" + "{},".repeat(400_000) + "{}]",
        "{\"readings\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
        "\"" + "\\u0000".repeat(1000) + "\"", "{\"a\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3001),
    };

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    DetectionConfig config;

    @Test
    void noHostileInputGetsA5xxOrStopsThePipeline() {
        db.reset();
        Series.steady("flow", "ok", 20, 1);
        Random rnd = new Random(20261202);
        List<String> failures = new ArrayList<>();
        for (String body : HOSTILE) {
            for (Target t : targets()) {
                check(failures, t.name(), t.send().apply(given(), body));
            }
            // and a mutation of it: characters flipped or cut short
            String mutated = mutate(body.length() > 2000 ? GOOD : body, rnd);
            for (Target t : targets()) {
                check(failures, t.name() + " (mutated)", t.send().apply(given(), mutated));
            }
        }
        for (String path : new String[] {"/api/v1/series", "/api/v1/anomalies", "/api/v1/runs", "/api/v1/quarantine",
                "/api/v1/series/1/windows", "/api/v1/series/1/results", "/api/v1/series/1/chart", "/api/v1/series/x",
                "/api/v1/incidents", "/api/v1/groups", "/api/v1/silence", "/api/v1/admin/metrics"}) {
            // the two dates: valid ISO-8601, outside what PostgreSQL stores
            for (String value : new String[] {"-1", "1e308", "%00", "%ED%A0%80", "x".repeat(5000), "P99999999D",
                    "%2B300000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z"}) {
                for (String param : new String[] {"from", "to", "since", "until", "limit", "page", "size", "maxPoints",
                        "minSeverity", "span", "sort", "q", "metric", "period", "status"}) {
                    check(failures, "GET " + path + "?" + param, given().urlEncodingEnabled(false)
                            .get(path + "?" + param + "=" + value));
                }
            }
        }
        check(failures, "retry of a series that is not quarantined", given().post("/api/v1/quarantine/123/retry"));
        check(failures, "retry of a malformed id", given().post("/api/v1/quarantine/%00/retry"));
        assertTrue(failures.isEmpty(), failures.size() + " answers were 5xx, first of each kind: " + failures.stream()
                .collect(java.util.stream.Collectors.toMap(f -> f.substring(0, f.indexOf(" -> ")), f -> f, (a, b) -> a))
                .values());

        DetectionRun.Report report = run.run(Series.nowAfter(20));
        assertEquals(0, report.shardsFailed());
        assertEquals(0, report.seriesQuarantined());
        assertEquals(0, db.count("select count(*) from detection_claim where completed_at is null"));
        assertEquals(config.shards(), db.count("select count(*) from detection_claim where run_cutoff = ?",
                java.sql.Timestamp.from(report.cutoff())));
        assertEquals(0, db.count("select count(*) from series where series_key like '%\\\\u0000%' or length(series_key) > 1024"));
    }

    private record Target(String name, BiFunction<RequestSpecification, String, Response> send) {
    }

    private static List<Target> targets() {
        return List.of(
                new Target("POST /readings", (r, b) -> r.contentType("application/json").body(b).post("/readings")),
                new Target("POST /ingestBatch", (r, b) -> r.contentType("application/json").body(b).post("/ingestBatch")),
                new Target("binary CloudEvent", (r, b) -> r.contentType("application/json").header("ce-id", "f" + b.hashCode())
                        .header("ce-specversion", "1.0").header("ce-source", "/fuzz").header("ce-type", "dev.vigil.readings.v1")
                        .body(b).post("/")),
                new Target("binary CloudEvent, bad time", (r, b) -> r.contentType("application/json").header("ce-id", "t" + b.hashCode())
                        .header("ce-specversion", "1.0").header("ce-source", "/fuzz").header("ce-type", "dev.vigil.reading.v1")
                        .header("ce-time", "yesterday").body(b).post("/")),
                new Target("structured CloudEvent", (r, b) -> r.contentType("application/cloudevents+json")
                        .body("{\"specversion\":\"1.0\",\"id\":\"s" + b.hashCode() + "\",\"source\":\"/fuzz\","
                                + "\"type\":\"dev.vigil.readings.v1\",\"datacontenttype\":\"application/json\",\"data\":"
                                + (b.isBlank() ? "null" : b) + "}").post("/")),
                new Target("structured envelope itself", (r, b) -> r.contentType("application/cloudevents+json").body(b).post("/")),
                new Target("batched CloudEvents", (r, b) -> r.contentType("application/cloudevents-batch+json")
                        .body("[{\"specversion\":\"1.0\",\"id\":\"b" + b.hashCode() + "\",\"source\":\"/fuzz\","
                                + "\"type\":\"dev.vigil.readings.v1\",\"datacontenttype\":\"application/json\",\"data\":"
                                + (b.isBlank() ? "null" : b) + "}]").post("/")),
                new Target("batch itself", (r, b) -> r.contentType("application/cloudevents-batch+json").body(b).post("/")),
                new Target("POST /api/v1/detection/runs", (r, b) -> r.contentType("application/json")
                        .body(b.length() > 2000 ? b : "{\"at\":" + (b.isBlank() ? "null" : b) + "}").post("/api/v1/detection/runs")),
                new Target("POST /api/v1/silence/dismiss", (r, b) -> r.contentType("application/json")
                        .body(b.length() > 2000 ? b : "{\"scope\":" + (b.isBlank() ? "null" : b) + "}").post("/api/v1/silence/dismiss")),
                new Target("PUT /api/v1/admin/metrics/m", (r, b) -> r.contentType("application/json").body(b)
                        .put("/api/v1/admin/metrics/m")));
    }

    private static void check(List<String> failures, String what, Response response) {
        if (response.statusCode() >= 500) {
            failures.add(what + " -> " + response.statusCode() + " " + response.asString());
        }
    }

    private static String mutate(String valid, Random rnd) {
        if (valid.isEmpty()) {
            return "{";
        }
        if (rnd.nextBoolean()) {
            return valid.substring(0, rnd.nextInt(valid.length()));
        }
        char[] c = valid.toCharArray();
        for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
            c[rnd.nextInt(c.length)] = "{}[],:\"0-.eNx \u0000\\".charAt(rnd.nextInt(16));
        }
        return new String(c);
    }
}

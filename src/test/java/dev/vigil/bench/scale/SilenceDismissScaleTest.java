package dev.vigil.bench.scale;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.alerting.SilenceDismissal;
import dev.vigil.storage.SilenceStore;
import dev.vigil.testing.Db;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A fleet-wide silence dismissed at fleet scale: seeds {@code bench.series} (100,000) series with an open silence
 * each ({@code bench.alerted}, 10,000, reported alone, the rest in the fleet's scope), then dismisses them all with
 * {@code POST /api/v1/silence/dismiss {"scope": {}}} in calls of {@link SilenceDismissal#MAX_PER_CALL}, timing each
 * call (each one transaction holding the silence lock); then, on the same rows opened again, one unbounded
 * statement, as the cap's reason. A measurement, not a pass/fail test: it asserts only that every episode ended once
 * and the fleet's ended event was sent once.
 *
 * <pre>./mvnw -B test -Dtest=SilenceDismissScaleTest -Dtest.excludedGroups= -Dbench.series=100000</pre>
 */
@Tag("benchmark")
@QuarkusTest
class SilenceDismissScaleTest {

    static final int SERIES = Integer.getInteger("bench.series", 100_000);
    static final int ALERTED = Integer.getInteger("bench.alerted", 10_000);

    @Inject
    Db db;
    @Inject
    SilenceStore store;

    private void seed() {
        db.reset();
        db.exec(("insert into series (id, series_key, metric, dimensions) select g, 'power{feeder=f' || (g %% 500) "
                + "|| ',meter=m' || g || '}', 'power', jsonb_build_object('meter', 'm' || g, 'feeder', 'f' || "
                + "(g %% 500)) from generate_series(1, %d) g").formatted(SERIES));
        db.exec(("insert into series_silence (series_id, last_window, step_seconds, detected_at, outcome, scope) "
                + "select g, timestamptz '2026-12-01T10:00:00Z', 300, timestamptz '2026-12-01T10:35:00Z', "
                + "case when g <= %d then 'alerted' else 'scoped' end, case when g <= %d then null else '{}' end "
                + "from generate_series(1, %d) g").formatted(ALERTED, ALERTED, SERIES));
        // as autovacuum would after a pass opened a fleet's silences: the first call would otherwise also pay for
        // the hint bits of 100,000 fresh rows (7 s of a 10-call loop on a loaded machine)
        db.exec("vacuum analyze series, series_silence");
    }

    @Test
    void aFleetOfSilencesIsDismissedInBoundedCalls() {
        seed();
        // the endpoint's first call (class loading, JIT, statement plans) is not the fleet's
        given().contentType("application/json").body("{\"scope\": {\"feeder\": \"none\"}}")
                .post("/api/v1/silence/dismiss").then().statusCode(200);
        List<Double> seconds = new ArrayList<>();
        long total = 0;
        long remaining = SERIES;
        long started = System.nanoTime();
        while (remaining > 0) {
            long t = System.nanoTime();
            JsonPath r = given().contentType("application/json").body("{\"scope\": {}}")
                    .post("/api/v1/silence/dismiss").then().statusCode(200).extract().jsonPath();
            seconds.add((System.nanoTime() - t) / 1e9);
            total += r.getInt("dismissed");
            remaining = r.getLong("remaining");
        }
        double all = (System.nanoTime() - started) / 1e9;
        assertEquals(SERIES, total);
        assertEquals(SERIES, db.count("select count(*) from series_silence where ended_by = 'dismissed'"));
        assertEquals(ALERTED, db.count("select count(*) from alert_outbox where payload->>'type' = "
                + "'dev.vigil.silence.ended.v1'"));
        assertEquals(1, db.count("select count(*) from alert_outbox where payload->>'type' = "
                + "'dev.vigil.silence.scope.ended.v1'"));
        double max = seconds.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        System.out.printf(Locale.ROOT, "silence dismissal, %d series (%d alone): %d calls of at most %d, %.2f s in "
                + "all, longest call %.3f s, calls %s%n", SERIES, ALERTED, seconds.size(),
                SilenceDismissal.MAX_PER_CALL, all, max, seconds.stream()
                        .map(s -> String.format(Locale.ROOT, "%.3f", s)).toList());

        // the same rows open again, ended by one statement with no cap
        db.exec("update series_silence set ended_at = null, ended_by = null");
        db.exec("truncate alert_outbox cascade");
        long t = System.nanoTime();
        int ended = QuarkusTransaction.requiringNew().call(() -> {
            store.lock();
            return store.dismissIn(Map.of(), null, SERIES, Instant.parse("2026-12-01T11:00:00Z")).size();
        });
        System.out.printf(Locale.ROOT, "one unbounded statement: %d episodes in %.3f s (without their events)%n",
                ended, (System.nanoTime() - t) / 1e9);
        db.reset();
    }
}

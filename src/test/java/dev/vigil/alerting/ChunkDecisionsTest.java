package dev.vigil.alerting;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.alerting.AlertGate.Flagged;
import dev.vigil.storage.Json;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.storage.ScoringStore;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.ResultRow;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A chunk's flagged windows are decided from facts read once per chunk and kept up to date with the chunk's own
 * decisions: the outcomes and events must be those of deciding each window in its own call, one after the other,
 * with every decision stored before the next is taken (consecutive windows, snooze, the hourly cap and its one
 * summary, all within the chunk), on real PostgreSQL.
 */
@QuarkusTest
class ChunkDecisionsTest {

    private static final Duration SIZE = Duration.ofMinutes(5);

    @Inject
    Db db;

    @Inject
    AlertGate gate;

    @Inject
    ScoringStore scoring;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    void oneChunkDecidesAsWindowByWindow() {
        given().contentType("application/json").body("""
                {"name": "pairs", "metric": "flow", "minConsecutive": 2, "snooze": "PT1H", "maxPerHour": 1}""")
                .post("/api/v1/alert-rules").then().statusCode(201);
        Series.steady("flow", "a", 3, 1);
        Series.steady("flow", "b", 3, 2);
        List<Long> ids = db.rows("select id from series order by series_key").stream()
                .map(r -> ((Number) r.get("id")).longValue()).toList();
        // a: anomalous in windows 100 to 104 (one event); b: 101, 102 and, after a quiet window, 104
        List<Flagged> flagged = new ArrayList<>();
        for (int w = 100; w <= 104; w++) {
            flagged.add(flag(ids.get(0), "a", w));
        }
        for (int w : new int[] {101, 102, 104}) {
            flagged.add(flag(ids.get(1), "b", w));
        }
        scoring.saveResults(flagged.stream().map(Flagged::result).toList());

        List<OutboxRow> oneCall = QuarkusTransaction.requiringNew().call(() -> gate.decide(flagged, SIZE));
        List<String> batched = outcomes();
        db.exec("delete from alert_decision");
        List<OutboxRow> perWindow = new ArrayList<>();
        // in window time, as one call orders them
        List<Flagged> inTime = flagged.stream().sorted(Comparator.comparing((Flagged f) -> f.window().start())
                .thenComparing(f -> f.window().seriesId())).toList();
        for (Flagged f : inTime) {
            perWindow.addAll(QuarkusTransaction.requiringNew().call(() -> gate.decide(List.of(f), SIZE)));
        }
        assertEquals(outcomes(), batched);
        assertEquals(List.of(
                "a 100 consecutive", "a 101 alerted", "a 102 snoozed", "a 103 snoozed", "a 104 snoozed",
                "b 101 consecutive", "b 102 capped", "b 104 consecutive"), batched);
        assertEquals(types(perWindow), types(oneCall));
        assertEquals(List.of(AlertEvents.TYPE, AlertEvents.CAPPED_TYPE), types(oneCall),
                "one alert and one summary of the capped hour");

        List<OutboxRow> again = QuarkusTransaction.requiringNew().call(() -> gate.decide(flagged, SIZE));
        assertEquals(batched, outcomes(), "a re-scored chunk repeats its decisions");
        assertEquals(List.of(AlertEvents.TYPE), types(again), "and sends no second summary");
    }

    private static Flagged flag(long series, String meter, int window) {
        Instant t = Series.windowStart(window);
        PendingWindow w = new PendingWindow(series, "flow|meter=" + meter, "flow", "{\"meter\":\"" + meter + "\"}", t,
                100, 1, 1, false, false);
        ResultRow r = new ResultRow(series, t, "vigil-test", 1, 100, 10, 5, 15, true, 0.9, 9, false, t, "value");
        return new Flagged(w, r);
    }

    private List<String> outcomes() {
        return db.rows("""
                select s.dimensions->>'meter' as meter, d.window_start, d.outcome from alert_decision d
                join series s on s.id = d.series_id order by meter, d.window_start""").stream()
                .map(r -> r.get("meter") + " " + Duration.between(Series.START, ((java.sql.Timestamp)
                        r.get("window_start")).toInstant()).dividedBy(SIZE) + " " + r.get("outcome"))
                .toList();
    }

    private static List<String> types(List<OutboxRow> rows) {
        return rows.stream().map(r -> {
            Map<?, ?> event = (Map<?, ?>) Json.read(r.payload());
            return String.valueOf(event.get("type"));
        }).toList();
    }
}

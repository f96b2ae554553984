package dev.vigil.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigil.detection.Verdict;
import dev.vigil.storage.AlertRule.Change;
import dev.vigil.storage.AlertRule.Limits;
import dev.vigil.storage.FlaggedHistory.StoredFlag;
import dev.vigil.storage.ScoringStore.ResultRow;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The windows a preview of a rule with conditions decides: read a batch of series at a time, they come back in window
 * time across batches, cut at the limit, each with the reason and reference a run would have given it. Real
 * PostgreSQL.
 */
@QuarkusTest
class FlaggedHistoryTest {

    @Inject
    Db db;
    @Inject
    FlaggedHistory history;
    @Inject
    ScoringStore scoring;

    @BeforeEach
    void clean() {
        db.reset();
    }

    private static AlertRule rule(Limits limits, Change change) {
        return new AlertRule(1, "r", "flow", null, Map.of(), 0, "both", 1, Duration.ZERO, 100, List.of(), true, 0, 0,
                null, limits, change, false);
    }

    @Test
    void batchesOfSeriesComeBackInWindowTimeWithTheirBreaches() {
        for (String meter : List.of("a", "b", "c")) {
            Series.steady("flow", meter, 1, 1);
        }
        List<Long> ids = db.rows("select id from series order by series_key").stream()
                .map(r -> ((Number) r.get("id")).longValue()).toList();
        // a: a drop at window 5; b: above 120 at window 3; c: a detector flag at window 4; the rest steady at 100
        List<ResultRow> rows = new ArrayList<>();
        for (int w = 0; w < 10; w++) {
            rows.add(row(ids.get(0), w, w == 5 ? 40 : 100, false));
            rows.add(row(ids.get(1), w, w == 3 ? 130 : 100, false));
            rows.add(row(ids.get(2), w, 100, w == 4));
        }
        scoring.saveResults(rows);
        AlertRule both = rule(new Limits(null, 120.0), new Change(50, 1));

        List<StoredFlag> all = QuarkusTransaction.requiringNew().call(() -> history.withConditions(
                Series.windowStart(0), Series.windowStart(10), both, ids, 100, 1));
        // a's drop and its recovery are changes, b's 130 a limit (and its return to 100 no change of over 50 %)
        assertEquals(List.of("b 3 limit 120.0", "c 4 value null", "a 5 change 100.0", "a 6 change 40.0"),
                all.stream().map(f -> describe(f, ids)).toList());

        List<StoredFlag> cut = QuarkusTransaction.requiringNew().call(() -> history.withConditions(
                Series.windowStart(0), Series.windowStart(10), both, ids, 2, 1));
        assertEquals(List.of("a 5 change 100.0", "a 6 change 40.0"), cut.stream().map(f -> describe(f, ids)).toList(),
                "the last windows in time across batches, not the last batch's");

        List<StoredFlag> later = QuarkusTransaction.requiringNew().call(() -> history.withConditions(
                Series.windowStart(6), Series.windowStart(10), both, ids, 100, 2));
        assertEquals(List.of(), later.stream().map(f -> describe(f, ids)).toList(),
                "a's window 6 has no earlier window in the period");
        assertNull(QuarkusTransaction.requiringNew().call(() -> history.withConditions(Series.windowStart(0),
                Series.windowStart(10), both, List.of(), 100, 1)).stream().findFirst().orElse(null));
    }

    private static String describe(StoredFlag f, List<Long> ids) {
        String meter = List.of("a", "b", "c").get(ids.indexOf(f.result().seriesId()));
        long window = Duration.between(Series.START, f.result().windowStart()).toMinutes() / 5;
        return meter + " " + window + " " + f.result().reason() + " " + f.reference();
    }

    private static ResultRow row(long series, int window, double value, boolean anomaly) {
        var t = Series.windowStart(window);
        return new ResultRow(series, t, "vigil-test", 1, value, 100, 95, 105, anomaly, anomaly ? 0.9 : 0, 1, false, t,
                anomaly ? Verdict.VALUE : null);
    }
}

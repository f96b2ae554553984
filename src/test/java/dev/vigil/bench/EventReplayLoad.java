package dev.vigil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.alerting.RulePreview;
import dev.vigil.storage.AlertRule;
import dev.vigil.testing.Db;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a rule preview's event replay costs per window read (README "Previewing a rule", BENCHMARKS "What a preview's
 * event replay costs"), on real PostgreSQL: {@code bench.series} series (2,000) with a week of 5-minute results, each
 * with a daily 30-minute jump flagged at its first window, so every series is replayed from its first day's jump.
 */
@QuarkusTest
@Tag("benchmark")
class EventReplayLoad {

    private static final int SERIES = Integer.getInteger("bench.series", 2000);
    private static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");

    @Inject
    Db db;
    @Inject
    RulePreview preview;

    @Test
    void replaysAWeekOfDailyJumps() {
        db.reset();
        long t0 = System.nanoTime();
        db.exec("insert into series (id, series_key, metric, dimensions) select g, 'bench{m=' || g || '}', 'bench', "
                + "jsonb_build_object('m', g::text) from generate_series(1, " + SERIES + ") g");
        db.exec("""
                insert into anomaly_result (series_id, window_start, detector, detector_version, value, expected,
                    lower_bound, upper_bound, is_anomaly, severity, score, warming_up, run_cutoff, reason)
                select s, timestamptz '2026-10-01 00:00Z' + w * interval '5 minutes', 'vigil-test', 1,
                       case when mod(w, 288) between 100 and 105 then 30 else 10 end, 10, 5, 15, mod(w, 288) = 100,
                       case when mod(w, 288) = 100 then 0.9 else 0 end, 0, false,
                       timestamptz '2026-10-01 00:00Z' + w * interval '5 minutes',
                       case when mod(w, 288) = 100 then 'value' end
                from generate_series(1, %d) s, generate_series(0, 2015) w""".formatted(SERIES));
        db.exec("analyze anomaly_result");
        System.out.printf("seeded %,d results in %.1f s%n", SERIES * 2016L, (System.nanoTime() - t0) / 1e9);
        // called in-process, not over HTTP: the request's time-out is not what is measured
        for (int minConsecutive : new int[] {1, 3, 3}) {
            AlertRule rule = new AlertRule(0, "try", "bench", null, Map.of(), 0, "both", minConsecutive,
                    Duration.ofHours(1), 100, List.of(), true);
            long t = System.nanoTime();
            RulePreview.Preview p = QuarkusTransaction.requiringNew().call(() -> preview.preview(rule, FROM,
                    FROM.plus(Duration.ofDays(7)), Duration.ofMinutes(5)));
            System.out.printf("minConsecutive %d: %,d decided, %,d alerts in %.2f s%n", minConsecutive, p.flagged(),
                    p.alerts(), (System.nanoTime() - t) / 1e9);
            // a flag a day per series, and for minConsecutive 3 the third window of each jump
            assertEquals(SERIES * 7L * (minConsecutive > 1 ? 2 : 1), p.flagged());
        }
    }
}

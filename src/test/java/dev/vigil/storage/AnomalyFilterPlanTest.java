package dev.vigil.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.storage.QueryStore.AnomalyFilter;
import dev.vigil.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The anomaly list's filters are answered from indexes on a large fleet, never by reading every anomaly: 100,000
 * series in 20 metrics plus one rare metric of 10 series, 300,000 anomalies in the week. The plans PostgreSQL chooses
 * for the statement {@link QueryStore} runs go to target/benchmarks/anomaly-filter-plans.txt.
 */
@QuarkusTest
class AnomalyFilterPlanTest {

    private static final Instant SINCE = Instant.parse("2026-10-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-10-08T00:00:00Z");

    @Inject
    Db db;

    @Test
    void everyFilterIsAnsweredFromAnIndex() throws IOException {
        db.reset();
        db.exec("""
                insert into series (id, series_key, metric, dimensions)
                select i, m || '{host=h' || i || ',region=r' || (i % 7) || '}', m,
                       jsonb_build_object('host', 'h' || i, 'region', 'r' || (i % 7))
                from (select i, case when i <= 10 then 'rare' else 'm' || (i % 20) end as m
                      from generate_series(1, 100000) i) s""");
        db.exec("""
                insert into anomaly_result (series_id, window_start, detector, detector_version, value, expected,
                    lower_bound, upper_bound, is_anomaly, severity, score, warming_up, run_cutoff)
                select (i::bigint * 7919) % 100000 + 1, timestamptz '2026-10-01 00:00Z' + (i % 2016) * interval '5 min',
                       'bench', 1, 5, 1, 0, 2, true, (i % 100) / 100.0, 4, false, timestamptz '2026-10-08 00:00Z'
                from generate_series(1, 300000) i on conflict do nothing""");
        db.exec("analyze series");
        db.exec("analyze anomaly_result");

        Map<String, AnomalyFilter> filters = new LinkedHashMap<>();
        filters.put("none", filter(null, null, Map.of()));
        filters.put("metric=rare", filter("rare", null, Map.of()));
        filters.put("metric=m7", filter("m7", null, Map.of()));
        filters.put("dim.host=h4242", filter(null, null, Map.of("host", "h4242")));
        filters.put("metric=m7&dim.region=r3", filter("m7", null, Map.of("region", "r3")));
        filters.put("seriesId=4242", filter(null, 4242L, Map.of()));
        List<String> report = new ArrayList<>();
        for (Map.Entry<String, AnomalyFilter> f : filters.entrySet()) {
            QueryStore.Statement q = QueryStore.anomalySql(f.getValue(), 0, 50);
            String plan = db.strings("explain " + q.sql(), q.args().toArray()).stream()
                    .collect(Collectors.joining("\n"));
            report.add("== " + f.getKey() + "\n" + plan);
            assertFalse(plan.contains("Seq Scan on anomaly_result"), f.getKey() + " reads every anomaly:\n" + plan);
            assertFalse(plan.contains("Seq Scan on series"), f.getKey() + " reads every series:\n" + plan);
        }
        // the rare metric's 10 series are found first, then their anomalies, not the other way round
        assertTrue(report.get(1).contains("series_metric"), report.get(1));
        Path out = Path.of("target", "benchmarks", "anomaly-filter-plans.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
        db.reset();
    }

    private static AnomalyFilter filter(String metric, Long seriesId, Map<String, String> dimensions) {
        return new AnomalyFilter(SINCE, UNTIL, 0, metric, seriesId, dimensions);
    }
}

package dev.vigil.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheMetricsOfAnExpressionAndNothingElse() {
        assertEquals(Set.of("a_total", "b_seconds", "process_uptime_seconds"), PromQl.metricNames(
                "sum by (channel, code) (rate(a_total{job=~\"$job\",code!=\"x y\"}[5m])) / ignoring(code) "
                        + "max(b_seconds offset 1h) > 2 * 900 and on() max(process_uptime_seconds) > 1e3"));
        assertEquals(Set.of("x"), PromQl.metricNames("deriv(max(x)[1h:5m]) > 0 unless absent(x)"));
    }
}

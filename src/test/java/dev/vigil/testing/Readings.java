package dev.vigil.testing;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;

/** Readings of one series with any dimensions, one per 5-minute window from {@link Series#START}, posted in batches. */
public final class Readings {

    private Readings() {
    }

    /** Posts {@code value(i)} for windows {@code from} (inclusive) to {@code to} (exclusive). */
    public static void post(String metric, Map<String, String> dimensions, int from, int to, IntToDoubleFunction value) {
        post(metric, dimensions, from, to, 1, value);
    }

    /** The value of a window's {@code k}-th reading (from 0, in time order). */
    public interface PerReading {
        double value(int window, int k);
    }

    /**
     * Posts {@code readings(i)} readings in each window {@code i} from {@code from} (inclusive) to {@code to}
     * (exclusive), spread over the window in order: a counter's events (one reading of 1 each) or a gauge sampled
     * several times per window.
     */
    public static void many(String metric, Map<String, String> dimensions, int from, int to, IntUnaryOperator readings,
                            PerReading value) {
        StringBuilder b = new StringBuilder("[");
        int inBatch = 0;
        for (int i = from; i < to; i++) {
            int n = readings.applyAsInt(i);
            for (int k = 0; k < n; k++) {
                Instant t = Series.START.plus(Duration.ofMinutes(5L * i)).plusMillis(299_000L * k / n);
                b.append(inBatch == 0 ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"metric\":\"%s\",\"dimensions\":%s,\"timestamp\":\"%s\",\"value\":%.6f}", metric,
                        json(dimensions), t, value.value(i, k)));
                if (++inBatch == 5000) {
                    send(b.append(']').toString());
                    b = new StringBuilder("[");
                    inBatch = 0;
                }
            }
        }
        if (inBatch > 0) {
            send(b.append(']').toString());
        }
    }

    private static String json(Map<String, String> dimensions) {
        StringBuilder dims = new StringBuilder("{");
        new TreeMap<>(dimensions).forEach((k, v) -> dims.append(dims.length() > 1 ? "," : "")
                .append('"').append(k).append("\":\"").append(v).append('"'));
        return dims.append('}').toString();
    }

    private static void send(String body) {
        given().contentType("application/json").body(body).post("/readings").then().statusCode(200);
    }

    /** Posts {@code value(i)} for every {@code every}-th window from {@code from} (12: hourly data). */
    public static void post(String metric, Map<String, String> dimensions, int from, int to, int every,
                            IntToDoubleFunction value) {
        StringBuilder dims = new StringBuilder("{");
        new TreeMap<>(dimensions).forEach((k, v) -> dims.append(dims.length() > 1 ? "," : "")
                .append('"').append(k).append("\":\"").append(v).append('"'));
        dims.append('}');
        for (int start = from; start < to; start += 5000 * every) {
            StringBuilder b = new StringBuilder("[");
            for (int i = start; i < Math.min(to, start + 5000 * every); i += every) {
                Instant t = Series.START.plus(Duration.ofMinutes(5L * i)).plusSeconds(10);
                b.append(i == start ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"metric\":\"%s\",\"dimensions\":%s,\"timestamp\":\"%s\",\"value\":%.6f}", metric, dims, t,
                        value.applyAsDouble(i)));
            }
            given().contentType("application/json").body(b.append(']').toString()).post("/readings").then()
                    .statusCode(200);
        }
    }
}

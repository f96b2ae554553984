package dev.vigil.testing;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Random;

/**
 * Six seeded meters of one site read once a day ({@code energy_kwh{site=s1,meter=m0..m5}}), posted to
 * {@code /readings}: each its own size, the site's weekly cycle (weekends ×0.8), a seasonal swing of ±30 % (winter
 * high) and the day's weather, shared; 2 % of noise each. On the fault day m3 alone is ×1.5.
 */
public final class DailyMeters {

    public static final Instant START = Instant.parse("2025-10-01T00:00:00Z");
    public static final int METERS = 6;
    public static final String FAULTY = "energy_kwh{meter=m3}";

    private DailyMeters() {
    }

    /** The start of day {@code d} (UTC). */
    public static Instant day(int d) {
        return START.plus(Duration.ofDays(d));
    }

    /** The morning after day {@code d - 1}: its readings are in, and its cell has closed. */
    public static Instant morning(int d) {
        return day(d).plus(Duration.ofHours(1));
    }

    /** Days [from, to), each read at 00:00:30; on day {@code fault} m3 jumps by half. */
    public static void post(int from, int to, int fault) {
        StringBuilder b = new StringBuilder("[");
        for (int d = from; d < to; d++) {
            Random random = new Random(17L * d);
            int weekday = day(d).atZone(ZoneOffset.UTC).getDayOfWeek().getValue();
            double site = (weekday >= 6 ? 0.8 : 1.0) * (1 + 0.3 * Math.cos(2 * Math.PI * (d + 90) / 365.0))
                    * (1 + 0.1 * random.nextGaussian());
            for (int m = 0; m < METERS; m++) {
                double v = (10 + 4 * m) * site * (1 + 0.02 * random.nextGaussian()) * (d == fault && m == 3 ? 1.5 : 1);
                b.append(b.length() == 1 ? "" : ",").append(String.format(Locale.ROOT, "{\"metric\":\"energy_kwh\","
                        + "\"dimensions\":{\"site\":\"s1\",\"meter\":\"m%d\"},\"timestamp\":\"%s\",\"value\":%.4f}",
                        m, day(d).plusSeconds(30), v));
            }
        }
        given().contentType("application/json").body(b.append(']').toString()).post("/readings").then()
                .statusCode(200);
    }
}

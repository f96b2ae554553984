package dev.vigil.testing;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;

/** Seeded synthetic readings, posted as one plain JSON batch: one reading per 5-minute window. */
public final class Series {

    public static final Instant START = Instant.parse("2026-10-01T00:00:00Z");

    /** Day 0 of the daily series: a Monday, early enough that a year of days lies before the server clock. */
    public static final Instant DAILY_START = Instant.parse("2025-09-01T00:00:00Z");

    private Series() {
    }

    /** {@code windows} readings of 10 + N(0, 0.1), from {@link #START}, for series metric{meter}. */
    public static void steady(String metric, String meter, int windows, long seed) {
        Random random = new Random(seed);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < windows; i++) {
            b.append(i == 0 ? "" : ",").append(reading(metric, meter, START.plus(Duration.ofMinutes(5L * i)),
                    10 + 0.1 * random.nextGaussian()));
        }
        post(b.append(']').toString());
    }

    /** One reading at the given window index. */
    public static void at(String metric, String meter, int window, double value) {
        post("[" + reading(metric, meter, START.plus(Duration.ofMinutes(5L * window)).plusSeconds(30), value) + "]");
    }

    /** One reading a day for series metric{meter}: {@code values[i]} on day {@code fromDay + i}. */
    public static void daily(String metric, String meter, int fromDay, double[] values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ",").append(reading(metric, meter, day(fromDay + i).plusSeconds(30), values[i]));
        }
        post(b.append(']').toString());
    }

    /** One reading every {@code step} for series metric{meter}: {@code values[i]} at {@code i} steps after day 0. */
    public static void every(Duration step, String metric, String meter, double[] values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ",").append(reading(metric, meter, DAILY_START.plus(step.multipliedBy(i))
                    .plusSeconds(30), values[i]));
        }
        post(b.append(']').toString());
    }

    /** The start of day {@code day}'s window (its reading's window). */
    public static Instant day(int day) {
        return DAILY_START.plus(Duration.ofDays(day));
    }

    public static Instant windowStart(int window) {
        return START.plus(Duration.ofMinutes(5L * window));
    }

    /** A detection clock that sees windows before {@code window} as closed and past the late-data delay. */
    public static Instant nowAfter(int window) {
        return windowStart(window).plus(Duration.ofMinutes(5));
    }

    private static String reading(String metric, String meter, Instant t, double v) {
        return String.format(Locale.ROOT, "{\"metric\":\"%s\",\"dimensions\":{\"meter\":\"%s\"},"
                + "\"timestamp\":\"%s\",\"value\":%.6f}", metric, meter, t, v);
    }

    private static void post(String body) {
        given().contentType("application/json").body(body).post("/readings").then().statusCode(200);
    }
}

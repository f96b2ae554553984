package dev.vigil.testing;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

/**
 * Seeded synthetic smart meters for group tests: one reading per 5-minute window of power, current, voltage and
 * temperature, all driven by one daily load curve (current follows power, the temperature follows the load), posted
 * to {@code /readings}. A fault moves power up and the temperature down (a failing sensor), against the load that current still shows.
 */
public final class Meters {

    public static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    public static final String[] METRICS = {"power", "current", "voltage", "temperature"};

    private Meters() {
    }

    /** Windows [from, to) of the meter; from {@code faultFrom} on power +{@code fault} kW and the temperature -2 fault, against the load. */
    public static void post(String meter, int from, int to, int faultFrom, double fault, long seed) {
        post(meter, Duration.ofMinutes(5), from, to, faultFrom, fault, seed);
    }

    /** The same meter read once every {@code step} (steps [from, to) from {@link #START}); a daily load cycle. */
    public static void post(String meter, Duration step, int from, int to, int faultFrom, double fault, long seed) {
        post(meter, step, from, to, i -> i >= faultFrom ? fault : 0, i -> 0, seed);
    }

    /**
     * Windows [from, to) with the fault of {@link #post(String, int, int, int, double, long)} sized by window
     * ({@code fault}) and a voltage offset by window ({@code voltage}).
     */
    public static void post(String meter, int from, int to, IntToDoubleFunction fault, IntToDoubleFunction voltage,
                            long seed) {
        post(meter, Duration.ofMinutes(5), from, to, fault, voltage, seed);
    }

    private static void post(String meter, Duration step, int from, int to, IntToDoubleFunction fault,
                             IntToDoubleFunction voltage, long seed) {
        Random random = new Random(seed + 31L * from);
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (int i = from; i < to; i++) {
            Instant t = START.plus(step.multipliedBy(i)).plusSeconds(10);
            double load = 2 + Math.sin(2 * Math.PI * i * step.toSeconds() / 86_400.0) + 0.3 * random.nextGaussian();
            double f = fault.applyAsDouble(i);
            double[] v = {load + f, load * 1000 / 230 + 0.05 * random.nextGaussian(),
                    230 + random.nextGaussian() + voltage.applyAsDouble(i),
                    20 + 2 * load + 0.2 * random.nextGaussian() - 2 * f};
            for (int j = 0; j < METRICS.length; j++) {
                b.append(n++ == 0 ? "[" : ",").append(String.format(Locale.ROOT, "{\"metric\":\"%s\",\"dimensions\":"
                        + "{\"meter\":\"%s\"},\"timestamp\":\"%s\",\"value\":%.6f}", METRICS[j], meter, t, v[j]));
                if (n == 8000) {
                    send(b.append(']'));
                    b.setLength(0);
                    n = 0;
                }
            }
        }
        if (n > 0) {
            send(b.append(']'));
        }
    }

    public static Instant windowStart(int window) {
        return START.plus(Duration.ofMinutes(5L * window));
    }

    private static void send(StringBuilder body) {
        given().contentType("application/json").body(body.toString()).post("/readings").then().statusCode(200);
    }
}

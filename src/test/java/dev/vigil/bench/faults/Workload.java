package dev.vigil.bench.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One scenario's readings: series {@code metric{meter=m0..}}, {@code windows} consecutive five-minute windows
 * ending well before now (backdated, so history builds in seconds), {@code perWindow} readings per window. Values
 * are multiples of 1/4 near 100, so every sum is exact in double whatever order PostgreSQL adds them in; after the
 * detector's warm-up each series gets a +60 spike every 40 windows (staggered by series), which the detector flags.
 */
final class Workload {

    static final Duration WINDOW = Duration.ofMinutes(5);

    /** One series' readings of one window, as a JSON array (a Kafka record or part of an HTTP batch). */
    record Unit(int series, int window, String key, int readings, String json) {
    }

    private final String metric;
    private final int series;
    private final int windows;
    private final int perWindow;
    private final Instant start;

    /** @param end the end of the last window; aligned down to a window boundary */
    Workload(String metric, Settings settings, Instant end) {
        this.metric = metric;
        this.series = settings.series();
        this.windows = settings.windows();
        this.perWindow = settings.perWindow();
        long size = WINDOW.toSeconds();
        this.start = Instant.ofEpochSecond(end.getEpochSecond() / size * size).minus(WINDOW.multipliedBy(windows));
    }

    String metric() {
        return metric;
    }

    long readings() {
        return (long) series * windows * perWindow;
    }

    long windows() {
        return (long) series * windows;
    }

    /** The exact sum of every value sent. */
    double sum() {
        double sum = 0;
        for (int s = 0; s < series; s++) {
            for (int w = 0; w < windows; w++) {
                for (int r = 0; r < perWindow; r++) {
                    sum += value(s, w, r);
                }
            }
        }
        return sum;
    }

    /** Window-major, as live telemetry arrives: every series' window w before any window w + 1. */
    List<Unit> units() {
        List<Unit> out = new ArrayList<>(series * windows);
        for (int w = 0; w < windows; w++) {
            for (int s = 0; s < series; s++) {
                StringBuilder b = new StringBuilder(perWindow * 110).append('[');
                for (int r = 0; r < perWindow; r++) {
                    b.append(r == 0 ? "" : ",").append(reading(s, w, r));
                }
                out.add(new Unit(s, w, key(s), perWindow, b.append(']').toString()));
            }
        }
        return out;
    }

    /** A JSON array of readings and how many it holds. */
    record Batch(String json, int readings) {
    }

    /** Units joined into JSON arrays of at most {@code max} readings each. */
    static List<Batch> batches(List<Unit> units, int max) {
        List<Batch> out = new ArrayList<>();
        StringBuilder b = null;
        int n = 0;
        for (Unit u : units) {
            if (b != null && n + u.readings() > max) {
                out.add(new Batch(b.append(']').toString(), n));
                b = null;
            }
            if (b == null) {
                b = new StringBuilder(max * 110).append('[');
                n = 0;
            } else {
                b.append(',');
            }
            // a unit is an array; its elements join the batch's array
            b.append(u.json(), 1, u.json().length() - 1);
            n += u.readings();
        }
        if (b != null) {
            out.add(new Batch(b.append(']').toString(), n));
        }
        return out;
    }

    String key(int s) {
        return metric + "{meter=m" + s + "}";
    }

    private String reading(int s, int w, int r) {
        Instant t = start.plus(WINDOW.multipliedBy(w)).plusSeconds(WINDOW.toSeconds() * r / perWindow);
        return String.format(Locale.ROOT, "{\"metric\":\"%s\",\"dimensions\":{\"meter\":\"m%d\"},\"timestamp\":\"%s\","
                + "\"value\":%s}", metric, s, t, Double.toString(value(s, w, r)));
    }

    private double value(int s, int w, int r) {
        long h = (s * 1_000_003L + w) * 31 + r;
        h ^= h >>> 17;
        h *= 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        double noise = (Math.floorMod(h, 9) - 4) * 0.25;
        return 100 + s % 7 + noise + (spike(s, w) ? 60 : 0);
    }

    private static boolean spike(int s, int w) {
        int after = w - Settings.WARM_UP - 10 - s % 10;
        return after >= 0 && after % 40 == 0;
    }
}

package dev.vigil.bench;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.Detectors;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import java.util.Locale;
import java.util.Random;

/**
 * The unit of {@code vigil.detection.sensitivity}: false alarms per series per day on anomaly-free data. Feeds the
 * pipeline's detector seeded series with a daily and a weekly cycle, a slow random-walk drift of the level and noise
 * (Gaussian, or heavy-tailed Student-t with 3 degrees of freedom: meters and servers have bursts), 5-minute windows,
 * and counts the flags per judged (not warming-up) day. No anomaly is injected, so every flag is a false alarm. Prints one
 * line per sensitivity.
 *
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.vigil.bench.FalseAlarmRate \
 *     -Dexec.args="200 30"   # series per noise kind, days</pre>
 */
public final class FalseAlarmRate {

    private FalseAlarmRate() {
    }

    public static void main(String[] args) {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        System.out.printf(Locale.ROOT, "%d series per noise kind, %d days of 5-minute windows, warm-up not counted%n",
                series, days);
        System.out.println("sensitivity  gaussian: alarms/series/day  series-days per alarm   student-t3: alarms/series/day  series-days per alarm");
        for (int sensitivity : new int[] {80, 85, 90, 93, 96, 99}) {
            DetectorKind kind = Detectors.of(DetectorSettings.defaults().withSensitivity(sensitivity));
            double g = rate(kind, series, days, false);
            double t = rate(kind, series, days, true);
            System.out.printf(Locale.ROOT, "%11d  %30.4f  %21.0f   %31.4f  %21.0f%n", sensitivity, g, 1 / g, t, 1 / t);
        }
    }

    /** False alarms per series per judged day over {@code series} seeded series of one noise kind. */
    public static double rate(DetectorKind kind, int series, int days, boolean heavy) {
        long[] counts = {0, 0}; // alarms, judged values
        int perDay = 288;
        for (int s = 0; s < series; s++) {
            replay(kind, s, days, heavy, perDay, (i, v) -> {
                counts[0] += v.anomaly() ? 1 : 0;
                counts[1] += v.warmingUp() ? 0 : 1;
            });
        }
        // per judged day: the warm-up (one day up to v2, three days of 5-minute data from v3) has no verdicts
        return (double) counts[0] / ((double) counts[1] / perDay);
    }

    /** What the detector said about value {@code i} of a replayed series. */
    interface Judged {
        void accept(int i, Verdict verdict);
    }

    /**
     * Replays anomaly-free series {@code s} (seeded by its number and noise kind) through a new detector, {@code
     * perDay} windows a day (288: 5-minute windows; 24: hourly), and hands over each verdict.
     */
    static void replay(DetectorKind kind, int s, int days, boolean heavy, int perDay, Judged out) {
        Random r = new Random(s * 7919L + (heavy ? 1 : 0));
        long step = 86_400L / perDay;
        StreamingDetector d = kind.create(step);
        double level = 50 + 50 * r.nextDouble();
        double daily = level * (0.1 + 0.3 * r.nextDouble());
        double weekly = level * 0.1 * r.nextDouble();
        double noise = level * (0.01 + 0.04 * r.nextDouble());
        long t0 = 1_790_000_000L / step * step;
        for (int i = 0; i < days * perDay; i++) {
            level += noise * 0.01 * r.nextGaussian();
            double e = heavy ? studentT3(r) / Math.sqrt(3) : r.nextGaussian();
            double x = level + daily * Math.sin(2 * Math.PI * i / perDay)
                    + weekly * Math.sin(2 * Math.PI * i / (7.0 * perDay)) + noise * e;
            out.accept(i, d.observe(t0 + step * i, x));
        }
    }

    /** A Student-t value with 3 degrees of freedom (also drawn by {@link PathologyBattery}). */
    static double studentT3(Random r) {
        double z = r.nextGaussian();
        double chi = 0;
        for (int k = 0; k < 3; k++) {
            double g = r.nextGaussian();
            chi += g * g;
        }
        return z / Math.sqrt(chi / 3);
    }
}

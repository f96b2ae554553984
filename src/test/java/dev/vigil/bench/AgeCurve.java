package dev.vigil.bench;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.Detectors;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.detection.streaming.LikelihoodDetectorKind;
import dev.vigil.evaluation.TuningSweep;
import java.util.Locale;
import java.util.Random;

/**
 * The chance rate of the pipeline's reports by the series' age, on anomaly-free series of several noise families:
 * for each family, sampling interval and age bin (values since the series' first value), the judged values, the
 * flags at the given sensitivity and how many reported scores reach each surprisal from 1.5 to 4.5. Prints CSV
 * ({@code family,perDay,ageFrom,ageTo,judged,flags,ge1.5,...}); {@code bench/age_threshold.py} turns it into the
 * threshold by age that keeps the chance rate flat.
 *
 * <p>Families: {@code gauss} and {@code t3} as {@link FalseAlarmRate} (a drifting level, daily and weekly cycles,
 * Gaussian or Student-t3 noise); {@code ar1}, the same cycles with autocorrelated Gaussian noise (0.7 per step);
 * {@code uniform}, a constant level with iid uniform noise and no cycle (NAB's anomaly-free {@code art_noisy}).
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat cp) dev.vigil.bench.AgeCurve 300 63 240 96 &gt; curve.csv
 *     # series per family, days of 5-minute data, days of hourly data, sensitivity[, a TuningSweep spec]</pre>
 */
public final class AgeCurve {

    static final String[] FAMILIES = {"gauss", "t3", "ar1", "uniform"};
    static final long[] EDGES = {0, 288, 432, 576, 864, 1152, 1728, 2304, 3456, 4608, 6912, 9216, 13824, 18432};
    static final double[] LEVELS = {1.5, 1.75, 2.0, 2.25, 2.5, 2.75, 3.0, 3.25, 3.5, 3.75, 4.0, 4.25, 4.5};

    private AgeCurve() {
    }

    public static void main(String[] args) {
        int series = Integer.parseInt(args[0]);
        int fiveMinuteDays = Integer.parseInt(args[1]);
        int hourlyDays = Integer.parseInt(args[2]);
        int sensitivity = args.length > 3 ? Integer.parseInt(args[3]) : 96;
        DetectorSettings settings = DetectorSettings.defaults().withSensitivity(sensitivity);
        DetectorKind kind = args.length > 4
                ? new LikelihoodDetectorKind(settings, TuningSweep.parse(args[4])) : Detectors.of(settings);
        StringBuilder head = new StringBuilder("family,perDay,ageFrom,ageTo,judged,flags");
        for (double level : LEVELS) {
            head.append(String.format(Locale.ROOT, ",ge%.2f", level));
        }
        System.out.println(head);
        for (String family : FAMILIES) {
            for (int perDay : new int[] {288, 24}) {
                int days = perDay == 288 ? fiveMinuteDays : hourlyDays;
                long[][] counts = new long[EDGES.length][LEVELS.length + 2];
                for (int s = 0; s < series; s++) {
                    replay(kind, family, s, days, perDay, (age, v) -> {
                        if (v.warmingUp()) {
                            return;
                        }
                        long[] c = counts[bin(age)];
                        c[0]++;
                        c[1] += v.anomaly() ? 1 : 0;
                        for (int k = 0; k < LEVELS.length; k++) {
                            c[2 + k] += v.score() >= LEVELS[k] ? 1 : 0;
                        }
                    });
                }
                for (int b = 0; b < EDGES.length; b++) {
                    if (counts[b][0] == 0) {
                        continue;
                    }
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s,%d,%d,%s", family, perDay,
                            EDGES[b], b + 1 < EDGES.length ? Long.toString(EDGES[b + 1]) : "inf"));
                    for (long c : counts[b]) {
                        line.append(',').append(c);
                    }
                    System.out.println(line);
                }
            }
        }
    }

    private static int bin(long age) {
        int b = 0;
        while (b + 1 < EDGES.length && age >= EDGES[b + 1]) {
            b++;
        }
        return b;
    }

    interface Aged {
        void accept(long age, Verdict verdict);
    }

    /** Replays one seeded anomaly-free series of a family through a new detector; age is the value's index. */
    static void replay(DetectorKind kind, String family, int s, int days, int perDay, Aged out) {
        Random r = new Random(s * 104_729L + family.hashCode());
        long step = 86_400L / perDay;
        StreamingDetector d = kind.create(step);
        boolean cycles = !family.equals("uniform");
        double level = cycles ? 50 + 50 * r.nextDouble() : 13.5;
        double dailyAmp = cycles ? level * (0.1 + 0.3 * r.nextDouble()) : 0;
        double weeklyAmp = cycles ? level * 0.1 * r.nextDouble() : 0;
        double sd = cycles ? level * (0.01 + 0.04 * r.nextDouble()) : 5.5;
        double ar = 0;
        long t0 = 1_790_000_000L / step * step;
        for (int i = 0; i < days * perDay; i++) {
            double e = switch (family) {
                case "t3" -> tee3(r) / Math.sqrt(3);
                case "ar1" -> ar = 0.7 * ar + Math.sqrt(1 - 0.49) * r.nextGaussian();
                case "uniform" -> (2 * r.nextDouble() - 1);
                default -> r.nextGaussian();
            };
            if (cycles) {
                level += sd * 0.01 * r.nextGaussian();
            }
            double x = level + dailyAmp * Math.sin(2 * Math.PI * i / perDay)
                    + weeklyAmp * Math.sin(2 * Math.PI * i / (7.0 * perDay)) + sd * e;
            out.accept(i, d.observe(t0 + step * i, x));
        }
    }

    private static double tee3(Random r) {
        double chi = 0;
        for (int k = 0; k < 3; k++) {
            double g = r.nextGaussian();
            chi += g * g;
        }
        return r.nextGaussian() / Math.sqrt(chi / 3);
    }
}

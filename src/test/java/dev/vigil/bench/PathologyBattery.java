package dev.vigil.bench;

import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.detection.streaming.LikelihoodDetectorKind;
import dev.vigil.evaluation.TuningSweep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A label-free pathology battery (issue 11, probe14): seeded anomaly-free series of situations real series have
 * (noise of several kinds, cycles, random walks, counts with many zeros, bursty counts, quantised values, flat
 * stretches that end, switches of noise level, a daily batch spike, gaps, a step in sampling rate, repeated values,
 * tiny and huge magnitudes), each at 5-minute and hourly steps, replayed through the default detector with any
 * tuning. Every flag is a false alarm. Prints per family and step the flags per judged series-day after day 3 at
 * sensitivity 96, by reason, and where they fall: within a window (24 values) after a gap, within a day after an
 * event the generator marks (a regime switch, a flat stretch's end, the step in rate: within 24 values, and within
 * a day), or in the first judged day.
 * The chance rate of Gaussian noise with cycles is about 0.37 per series-day (README, "Sensitivity").
 *
 * <pre>java -cp target/classes:target/test-classes dev.vigil.bench.PathologyBattery 8 "" "fullWindows=false"
 *     # series per family and step, then one tuning spec per column</pre>
 */
public final class PathologyBattery {

    /** The families, in print order. */
    public static final List<String> FAMILIES = List.of("gauss", "uniform", "student3", "daily", "walk", "poisson0",
            "negbin", "integers", "coarse", "flatEnds", "regimes", "batchSpike", "shortGaps", "longGaps", "rateStep",
            "repeats", "tiny", "huge", "countsDaily", "trend", "sawtooth", "weekend", "jitter", "hourGaps");

    /** Values whose every verdict the dump prints ({@code -Dbattery.range=from:to}). */
    private static final int[] RANGE = java.util.Arrays.stream(System.getProperty("battery.range", "0:0").split(":"))
            .mapToInt(Integer::parseInt).toArray();

    private PathologyBattery() {
    }

    /** One generated series: times (seconds), values, and the indices of marked events. */
    public record Series(long step, long[] t, double[] x, List<Integer> events) {
    }

    /** Counts of one family at one step. */
    public static final class Tally {
        public int series;
        public double judgedDays;
        public int flags;
        public int afterGap;
        public int afterEvent;
        public int eventDay;
        public int firstDay;
        /** Flags at surprisal 6 or more: chance flags cluster just above the threshold. */
        public int strong;
        public final Map<String, Integer> reasons = new TreeMap<>();
        /** The reasons of the flags at surprisal 6 or more. */
        public final Map<String, Integer> strongReasons = new TreeMap<>();

        public double perDay() {
            return judgedDays == 0 ? 0 : flags / judgedDays;
        }
    }

    public static LikelihoodDetectorKind kind(String spec) {
        return new LikelihoodDetectorKind(DetectorSettings.defaults()
                .withSensitivity(DetectorSettings.PIPELINE_SENSITIVITY), TuningSweep.parse(spec));
    }

    /** Seeded series {@code s} of a family at a step of 300 or 3,600 seconds. */
    public static Series generate(String family, int s, long step) {
        Random r = new Random(1_000_003L * (FAMILIES.indexOf(family) + 1) + 7919L * s + step);
        int perDay = (int) (86_400 / step);
        int days = step >= 3600 ? 30 : 14 + r.nextInt(3);
        int n = days * perDay;
        long t0 = 1_790_000_000L / 86_400 * 86_400;
        double[] x = new double[n];
        boolean[] keep = new boolean[n];
        java.util.Arrays.fill(keep, true);
        List<Integer> events = new ArrayList<>();
        long[] time = new long[n];
        for (int i = 0; i < n; i++) {
            time[i] = t0 + i * step;
        }
        double level = 50 + 50 * r.nextDouble();
        double sd = level * (0.01 + 0.04 * r.nextDouble());
        switch (family) {
            case "gauss" -> fill(x, i -> level + sd * r.nextGaussian());
            case "uniform" -> fill(x, i -> level + sd * 1.7 * (2 * r.nextDouble() - 1));
            case "student3" -> fill(x, i -> level + sd * FalseAlarmRate.studentT3(r) / Math.sqrt(3));
            case "daily" -> {
                double amp = level * (0.1 + 0.3 * r.nextDouble());
                fill(x, i -> level + amp * Math.sin(2 * Math.PI * i / perDay) + sd * r.nextGaussian());
            }
            case "walk" -> {
                double[] v = {level};
                double stepSd = sd * 0.05 * Math.sqrt(step / 300.0);
                fill(x, i -> v[0] += stepSd * r.nextGaussian());
            }
            case "poisson0" -> {
                double lambda = 0.1 + 0.4 * r.nextDouble();
                fill(x, i -> poisson(r, lambda));
            }
            case "negbin" -> {
                // gamma-mixed Poisson: mean m, shape k (small k: bursts)
                double m = 2 + 8 * r.nextDouble();
                double k = 0.3 + 0.4 * r.nextDouble();
                fill(x, i -> poisson(r, gamma(r, k) * m / k));
            }
            case "integers" -> {
                double m = 3 + 10 * r.nextDouble();
                fill(x, i -> Math.round(m + 1.2 * r.nextGaussian()));
            }
            case "coarse" -> {
                double q = sd * 2;
                fill(x, i -> q * Math.round((level + sd * r.nextGaussian()) / q));
            }
            case "flatEnds" -> {
                // noise, with stretches of half a day to two days where the value sticks, then noise resumes
                int i = 0;
                while (i < n) {
                    int noisy = perDay + r.nextInt(3 * perDay);
                    for (int j = 0; j < noisy && i < n; j++, i++) {
                        x[i] = level + sd * r.nextGaussian();
                    }
                    int flat = perDay / 2 + r.nextInt(3 * perDay / 2);
                    double stuck = i > 0 ? x[i - 1] : level;
                    for (int j = 0; j < flat && i < n; j++, i++) {
                        x[i] = stuck;
                    }
                    if (i < n) {
                        events.add(i);
                    }
                }
            }
            case "regimes" -> {
                // the noise switches between sd and 5 sd every half day to three days
                int i = 0;
                boolean loud = false;
                while (i < n) {
                    int len = perDay / 2 + r.nextInt(5 * perDay / 2);
                    for (int j = 0; j < len && i < n; j++, i++) {
                        x[i] = level + (loud ? 5 : 1) * sd * r.nextGaussian();
                    }
                    loud = !loud;
                    if (i < n) {
                        events.add(i);
                    }
                }
            }
            case "batchSpike" -> {
                // a daily batch job: 30 minutes at 4 sd more, starting at a varying hour between 1 and 5 at night
                fill(x, i -> level + sd * r.nextGaussian());
                for (int d = 0; d < days; d++) {
                    int start = d * perDay + (int) ((1 + 4 * r.nextDouble()) * perDay / 24);
                    int len = Math.max(1, (int) (1800 / step));
                    for (int j = start; j < start + len && j < n; j++) {
                        x[j] += 4 * sd;
                    }
                }
            }
            case "shortGaps", "longGaps", "hourGaps" -> {
                double amp = r.nextBoolean() ? level * 0.2 : 0;
                fill(x, i -> level + amp * Math.sin(2 * Math.PI * i / perDay) + sd * r.nextGaussian());
                boolean longGaps = family.equals("longGaps");
                boolean hourGaps = family.equals("hourGaps");
                int gaps = longGaps ? 6 : hourGaps ? 8 : 20;
                for (int g = 0; g < gaps; g++) {
                    int at = 2 * perDay + r.nextInt(n - 3 * perDay);
                    long seconds = longGaps ? 6 * 3600 + (long) (r.nextDouble() * 42 * 3600)
                            : hourGaps ? 2 * 3600 + (long) (r.nextDouble() * 18 * 3600)
                            : 600 + (long) (r.nextDouble() * 5400);
                    int len = (int) Math.max(1, seconds / step);
                    for (int j = at; j < at + len && j < n; j++) {
                        keep[j] = false;
                    }
                    if (at + len < n) {
                        events.add(at + len);
                    }
                }
            }
            case "rateStep" -> {
                // sampling every step for half the series, then 5 times as often at 5 minutes (every minute), or
                // every 6 hours at hourly steps
                int half = n / 2;
                long t = t0;
                long late = step >= 3600 ? 6 * step : step / 5;
                double amp = level * 0.2;
                for (int i = 0; i < n; i++) {
                    time[i] = t;
                    x[i] = level + amp * Math.sin(2 * Math.PI * (t - t0) / 86_400.0) + sd * r.nextGaussian();
                    t += i < half ? step : late;
                }
                events.add(half);
            }
            case "repeats" -> {
                // a value reported on change: each new value held for 1 to 6 steps
                int i = 0;
                while (i < n) {
                    double v = level + sd * r.nextGaussian();
                    int hold = 1 + r.nextInt(6);
                    for (int j = 0; j < hold && i < n; j++, i++) {
                        x[i] = v;
                    }
                }
            }
            case "tiny" -> {
                double m = 1e-6 * (1 + r.nextDouble());
                fill(x, i -> m + 0.05 * m * r.nextGaussian());
            }
            case "huge" -> {
                double m = 1e12 * (1 + r.nextDouble());
                double amp = m * 0.01;
                fill(x, i -> m + amp * Math.sin(2 * Math.PI * i / perDay) + 1e-4 * m * r.nextGaussian());
            }
            case "countsDaily" -> {
                // Poisson counts with a daily cycle, near 0 at night (web requests, logins)
                double peak = 2 + 20 * r.nextDouble();
                fill(x, i -> poisson(r, peak * Math.pow(Math.max(0, Math.sin(Math.PI * (i % perDay) / perDay)), 2)));
            }
            case "trend" -> {
                // a steady rise of 1 to 4 noise sds a day (disk usage, a growing user base)
                double slope = sd * (1 + 3 * r.nextDouble()) / perDay;
                fill(x, i -> level + slope * i + sd * r.nextGaussian());
            }
            case "sawtooth" -> {
                // a slow fill emptied every 20 to 28 hours (a log disk, a queue drained by a batch job)
                double[] v = {level};
                double rise = sd * 8 / perDay;
                int[] next = {(int) ((20 + 8 * r.nextDouble()) * perDay / 24)};
                fill(x, i -> {
                    if (i == next[0]) {
                        v[0] = level;
                        next[0] = i + (int) ((20 + 8 * r.nextDouble()) * perDay / 24);
                    }
                    v[0] += rise;
                    return v[0] + 0.3 * sd * r.nextGaussian();
                });
            }
            case "weekend" -> {
                // office traffic: a daily cycle, weekends at 40 %
                double amp = level * 0.3;
                fill(x, i -> {
                    int dow = (int) Math.floorMod(Math.floorDiv(t0 + i * step, 86_400L) + 3, 7); // 0 Monday
                    double w = dow >= 5 ? 0.4 : 1;
                    return w * (level + amp * Math.sin(2 * Math.PI * i / perDay)) + sd * r.nextGaussian();
                });
            }
            case "jitter" -> {
                // irregular sampling: intervals exponential around the step (at least a second)
                long t = t0;
                double amp = level * 0.2;
                for (int i = 0; i < n; i++) {
                    time[i] = t;
                    x[i] = level + amp * Math.sin(2 * Math.PI * (t - t0) / 86_400.0) + sd * r.nextGaussian();
                    t += Math.max(1, (long) (-step * Math.log(1 - r.nextDouble())));
                }
            }
            default -> throw new IllegalArgumentException(family);
        }
        int kept = 0;
        for (boolean k : keep) {
            kept += k ? 1 : 0;
        }
        long[] tt = new long[kept];
        double[] xx = new double[kept];
        List<Integer> ev = new ArrayList<>();
        int[] map = new int[n];
        for (int i = 0, j = 0; i < n; i++) {
            map[i] = j;
            if (keep[i]) {
                tt[j] = time[i];
                xx[j] = x[i];
                j++;
            }
        }
        for (int e : events) {
            ev.add(map[e]);
        }
        return new Series(step, tt, xx, ev);
    }

    /** Replays one series and adds its flags to the tally. */
    public static void replay(LikelihoodDetectorKind kind, Series s, Tally tally, List<String> log) {
        StreamingDetector d = kind.create(s.step());
        long day3 = s.t()[0] + 3 * 86_400L;
        long firstJudged = Long.MIN_VALUE;
        int sinceGap = Integer.MAX_VALUE;
        long judged = 0;
        for (int i = 0; i < s.t().length; i++) {
            if (i > 0 && s.t()[i] - s.t()[i - 1] > 24 * s.step()) {
                sinceGap = 0;
            } else if (sinceGap < Integer.MAX_VALUE) {
                sinceGap++;
            }
            Verdict v = d.observe(s.t()[i], s.x()[i]);
            if (log != null && i >= RANGE[0] && i < RANGE[1]) {
                log.add(String.format(Locale.ROOT, "  %d %d %.4g exp %.4g score %.2f %s %s", i, s.t()[i], s.x()[i],
                        v.expected(), v.score(), v.reason(), v.anomaly() ? "FLAG" : ""));
            }
            if (v.warmingUp() || s.t()[i] < day3) {
                continue;
            }
            if (firstJudged == Long.MIN_VALUE) {
                firstJudged = s.t()[i];
            }
            judged++;
            if (!v.anomaly()) {
                continue;
            }
            tally.flags++;
            tally.reasons.merge(v.reason(), 1, Integer::sum);
            tally.strong += v.score() >= 6 ? 1 : 0;
            if (v.score() >= 6) {
                tally.strongReasons.merge(v.reason(), 1, Integer::sum);
            }
            tally.afterGap += sinceGap < 24 ? 1 : 0;
            tally.firstDay += s.t()[i] - firstJudged < 86_400 ? 1 : 0;
            final int at = i;
            tally.afterEvent += s.events().stream().anyMatch(e -> at >= e && at - e < 24) ? 1 : 0;
            tally.eventDay += s.events().stream().anyMatch(e -> at >= e && s.t()[at] - s.t()[e] < 86_400) ? 1 : 0;
            if (log != null) {
                log.add(String.format(Locale.ROOT, "%d %d %.3g %.2f %s", i, s.t()[i], s.x()[i], v.score(),
                        v.reason()));
            }
        }
        // judged time in days: values judged times the mean step (the rate step changes it)
        double span = (double) (s.t()[s.t().length - 1] - s.t()[0]) / Math.max(1, s.t().length - 1);
        tally.judgedDays += judged * span / 86_400.0;
        tally.series++;
    }

    public static Map<String, Tally> run(LikelihoodDetectorKind kind, int series, long step) {
        Map<String, Tally> out = new java.util.LinkedHashMap<>();
        for (String f : FAMILIES) {
            Tally t = new Tally();
            for (int s = 0; s < series; s++) {
                replay(kind, generate(f, s, step), t, null);
            }
            out.put(f, t);
        }
        return out;
    }

    public static void main(String[] args) {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        List<String> specs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            specs.add(args[i]);
        }
        if (specs.isEmpty()) {
            specs.add("");
        }
        if (System.getProperty("battery.dump") != null) {
            String[] p = System.getProperty("battery.dump").split(":");
            List<String> log = new ArrayList<>();
            Tally t = new Tally();
            Series g = generate(p[0], Integer.parseInt(p[1]), Long.parseLong(p[2]));
            System.out.println("events " + g.events());
            replay(kind(specs.get(0)), g, t, log);
            log.forEach(System.out::println);
            return;
        }
        for (String spec : specs) {
            System.out.printf(Locale.ROOT, "## spec '%s', %d series per family and step, flags at sensitivity 96 after day 3%n",
                    spec, series);
            System.out.println("| family | step | series-days | flags | per series-day | after gap | after event | event's day | first day | at 6+ | reasons |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            for (long step : new long[] {300, 3600}) {
                int flags = 0;
                int strong = 0;
                Map<String, Integer> strongReasons = new TreeMap<>();
                for (Map.Entry<String, Tally> e : run(kind(spec), series, step).entrySet()) {
                    Tally t = e.getValue();
                    flags += t.flags;
                    strong += t.strong;
                    t.strongReasons.forEach((k, n) -> strongReasons.merge(k, n, Integer::sum));
                    System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %d | %.2f | %d | %d | %d | %d | %d | %s |%n", e.getKey(),
                            step == 300 ? "5 min" : "1 h", t.judgedDays, t.flags, t.perDay(), t.afterGap,
                            t.afterEvent, t.eventDay, t.firstDay, t.strong, t.reasons);
                }
                System.out.printf(Locale.ROOT, "| all | %s | | %d | | | | | | %d | at 6+: %s |%n",
                        step == 300 ? "5 min" : "1 h", flags, strong, strongReasons);
            }
        }
    }

    private interface Gen {
        double at(int i);
    }

    private static void fill(double[] x, Gen g) {
        for (int i = 0; i < x.length; i++) {
            x[i] = g.at(i);
        }
    }

    static double poisson(Random r, double lambda) {
        if (lambda > 30) {
            return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * r.nextGaussian()));
        }
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** Gamma(shape k, scale 1) by Marsaglia and Tsang (k < 1 boosted). */
    static double gamma(Random r, double k) {
        if (k < 1) {
            return gamma(r, k + 1) * Math.pow(r.nextDouble(), 1 / k);
        }
        double d = k - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = r.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = r.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}

package dev.vigil.evaluation;

import dev.vigil.detection.ShiftJudgements;
import dev.vigil.detection.fixtures.DailyKpi;
import dev.vigil.detection.fixtures.MeterFamily;
import dev.vigil.evaluation.CoarseHeldOutStudyTest.Days;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The shift study (BENCHMARKS "Coarse series", branch shift5, protocol committed before the runs): today's {@code
 * LevelShift} against two candidates for a level that drifts with the season (see {@code LevelShiftVariant}) on the
 * meters study's tuning and held-out halves of {@link MeterFamily} (the same ±30 % steps, judged days and
 * injections), with the KPI halves and the clean fixture as guards; false change points counted on every day of the
 * series without a step. {@code -Dstudy.threads} (default 1).
 *
 * <pre>./mvnw -B test -Dtest=LevelShiftStudyTest -Dtest.excludedGroups=</pre>
 */
@Tag("benchmark")
class LevelShiftStudyTest {

    private static final double[] METER_SIZES = {-0.60, -0.40, -0.25, -0.15, 0.15, 0.25, 0.40, 0.60};
    private static final double[] KPI_SIZES = {0.05, 0.10, 0.25};
    private static final long MONDAY = 4 * 86_400L;
    private static final int K = ShiftJudgements.kinds();

    /** Counts of one group of series, per kind. */
    static final class Tally {
        final long[] ordinary = new long[1];
        final long[] flagged = new long[K];
        final long[] injected = new long[1];
        final long[] caught = new long[K];
        final long[] steps = new long[1];
        final long[] confirmed = new long[K];
        final long[] confirmingDay = new long[K]; // sum of 0..3 over confirmed steps
        final long[] changePoints = new long[K];
        final long[] firstDay = new long[K];
        final long[] scanned = new long[1];
        final long[] falseConfirmed = new long[K];
        final long[] falseChangePoints = new long[K];
        final List<String> checked = new ArrayList<>();

        synchronized void add(Tally o) {
            ordinary[0] += o.ordinary[0];
            injected[0] += o.injected[0];
            steps[0] += o.steps[0];
            scanned[0] += o.scanned[0];
            for (int k = 0; k < K; k++) {
                flagged[k] += o.flagged[k];
                caught[k] += o.caught[k];
                confirmed[k] += o.confirmed[k];
                confirmingDay[k] += o.confirmingDay[k];
                changePoints[k] += o.changePoints[k];
                firstDay[k] += o.firstDay[k];
                falseConfirmed[k] += o.falseConfirmed[k];
                falseChangePoints[k] += o.falseChangePoints[k];
            }
            checked.addAll(o.checked);
        }

        String row(int k) {
            double years = scanned[0] / 365.0;
            return String.format(Locale.ROOT, "| %s | %.2f %% | %.1f %% | %s | %.3f / %.3f |", ShiftJudgements.name(k),
                    100.0 * flagged[k] / ordinary[0], 100.0 * caught[k] / Math.max(1, injected[0]),
                    steps[0] == 0 ? "—" : String.format(Locale.ROOT, "%d / %d (%.1f %%), day %.2f; change points "
                            + "%.1f %%; first day %.1f %%", confirmed[k], steps[0], 100.0 * confirmed[k] / steps[0],
                            (double) confirmingDay[k] / Math.max(1, confirmed[k]),
                            100.0 * changePoints[k] / steps[0], 100.0 * firstDay[k] / steps[0]),
                    falseConfirmed[k] / years, falseChangePoints[k] / years);
        }
    }

    @Test
    void theCandidatesOnTheMetersAndTheGuards() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(Integer.getInteger("study.threads", 1));
        long started = System.nanoTime();
        List<Days> kpis = CoarseHeldOutStudyTest.kpis(Path.of(System.getProperty("kpi.dir", "../shared/datasets/kpi")));
        List<String> ids = new ArrayList<>(kpis.stream().map(Days::id).sorted().toList());
        Collections.shuffle(ids, new Random(20_261_206L)); // the meters study's halves A and B
        Set<String> halfA = new HashSet<>(ids.subList(0, ids.size() / 2));
        List<Days> synthetic = new ArrayList<>();
        for (long seed = 1; seed <= 40; seed++) {
            synthetic.add(new Days("DailyKpi " + seed, DailyKpi.times(120, 0), DailyKpi.values(120, seed),
                    new boolean[120]));
        }
        String[] names = {"meters, tuning (seeds 1-16)", "meters, held out (seeds 17-32)", "KPI half A", "KPI half B",
                "fixture"};
        List<String> lines = new ArrayList<>();
        for (int group = 0; group < names.length; group++) {
            int gr = group;
            Tally t = pool.submit(() -> switch (gr) {
                case 0 -> meters(1, 16);
                case 1 -> meters(17, 32);
                case 2 -> kpiTally(kpis.stream().filter(d -> halfA.contains(d.id())).toList(), 11);
                case 3 -> kpiTally(kpis.stream().filter(d -> !halfA.contains(d.id())).toList(), 11);
                default -> kpiTally(synthetic, 35);
            }).get();
            lines.add(String.format(Locale.ROOT, "## %s: %d ordinary judged days, %d injected, %d steps, %.1f "
                    + "series-years scanned (%.0f s)", names[group], t.ordinary[0], t.injected[0], t.steps[0],
                    t.scanned[0] / 365.0, (System.nanoTime() - started) / 1e9));
            lines.add("| kind | ordinary flagged | injected recall | steps: confirmed within 4 days, mean confirming "
                    + "day (0 = the step's first); change points; first day flagged | false confirmations / false "
                    + "change points per series-year |");
            for (int k = 0; k < K; k++) {
                lines.add(t.row(k));
            }
            lines.add("replay checks that disagreed with the judge: " + t.checked);
            System.out.println(String.join("\n", lines.subList(lines.size() - K - 3, lines.size())));
        }
        Path out = Path.of("target", "benchmarks", "shift-study.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
        pool.shutdown();
    }

    /**
     * The trace of the diagnosis: on the tuning meters' steps, which of today's tests refuses the start s on the
     * step's fourth day (the level before s centred; the four new points beyond 3 σ on one side), by the swing's slope.
     */
    @Test
    void whichTestRefusesTheSteps() {
        int[][] counts = new int[2][4]; // slope < 0.5 / >= 0.5 -> {both pass, centred only fails, K only, both fail}
        for (long seed = 1; seed <= 16; seed++) {
            MeterFamily m = MeterFamily.of(seed);
            for (int s : steps(seed)) {
                double[] stepped = stepped(m.values(), s, seed);
                double[] h = Arrays.copyOf(stepped, s + 4);
                boolean[] tests = ShiftJudgements.todaysTests(h, s);
                int cls = tests[0] && tests[1] ? 0 : !tests[0] && tests[1] ? 1 : tests[0] ? 2 : 3;
                counts[m.slope()[s] >= 0.5 ? 1 : 0][cls]++;
                System.out.printf(Locale.ROOT, "seed %d step %d (%s) slope %.2f: %s%n", seed, s,
                        seed % 2 == 0 ? "-30 %" : "+30 %", m.slope()[s], ShiftJudgements.trace(h, s));
            }
        }
        String[] what = {"both pass", "only the centred test fails", "only the 3 σ test fails", "both fail"};
        for (int steep = 0; steep < 2; steep++) {
            StringBuilder b = new StringBuilder(steep == 0 ? "slope under half its largest:" : "slope from half:");
            for (int c = 0; c < 4; c++) {
                b.append(' ').append(what[c]).append(' ').append(counts[steep][c]).append(';');
            }
            System.out.println(b);
        }
    }

    /**
     * After the run, outside the protocol: every confirmation on the KPI halves, which kinds give it, and the level
     * around it (median of the 28 days before the start, of the days from it to 28 on, labelled days in that span).
     */
    @Test
    void theConfirmationsOnTheKpis() throws Exception {
        for (Days d : CoarseHeldOutStudyTest.kpis(Path.of(System.getProperty("kpi.dir", "../shared/datasets/kpi")))) {
            for (int k = 11; k < d.t().length; k++) {
                int from = Math.max(0, k - 365);
                ShiftJudgements j = ShiftJudgements.scan(Arrays.copyOfRange(d.t(), from, k + 1),
                        Arrays.copyOfRange(d.v(), from, k + 1));
                StringBuilder kinds = new StringBuilder();
                for (int kind = 0; kind < K; kind++) {
                    if (!j.warmingUp() && j.confirming(kind)) {
                        kinds.append(ShiftJudgements.name(kind)).append(j.anomaly()[kind] ? " (flagged) " : " ");
                    }
                }
                if (kinds.isEmpty()) {
                    continue;
                }
                int s = k - 3;
                double before = median(Arrays.copyOfRange(d.v(), Math.max(0, s - 28), s));
                double after = median(Arrays.copyOfRange(d.v(), s, Math.min(d.v().length, s + 28)));
                int labelled = 0;
                for (int i = Math.max(0, s - 28); i < Math.min(d.v().length, s + 28); i++) {
                    labelled += d.labelled()[i] ? 1 : 0;
                }
                System.out.printf(Locale.ROOT, "%s day %d (%s): %s| 28 days before %.4g, from it %.4g (%+.1f %%), "
                        + "%d labelled days within 28%n", d.id(), s, java.time.LocalDate.ofEpochDay(d.t()[s] / 86_400),
                        kinds, before, after, 100 * (after - before) / Math.abs(before), labelled);
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    static int[] steps(long seed) {
        List<Integer> out = new ArrayList<>();
        for (int s = 70 + (int) (37 * seed % 80); s + 3 < MeterFamily.DAYS; s += 95) {
            out.add(s);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static double[] stepped(double[] v, int s, long seed) {
        double[] out = v.clone();
        for (int i = s; i < out.length; i++) {
            out[i] *= seed % 2 == 0 ? 0.7 : 1.3;
        }
        return out;
    }

    private static Tally meters(long from, long to) {
        Tally all = new Tally();
        LongStream.rangeClosed(from, to).parallel().mapToObj(LevelShiftStudyTest::meter).forEach(all::add);
        return all;
    }

    private static Tally meter(long seed) {
        MeterFamily m = MeterFamily.of(seed);
        double[] v = m.values();
        long[] t = DailyKpi.times(v.length, MONDAY);
        Tally out = new Tally();
        int index = 0;
        for (int day = 28; day < v.length; day++) {
            long[] tt = Arrays.copyOf(t, day + 1);
            double[] vv = Arrays.copyOf(v, day + 1);
            scan(out, tt, vv);
            if (day % 3 != seed % 3) {
                continue;
            }
            ordinary(out, tt, vv);
            double[] w = vv.clone();
            w[day] *= 1 + METER_SIZES[index++ % METER_SIZES.length];
            injected(out, tt, w);
        }
        for (int s : steps(seed)) {
            double[] stepped = stepped(v, s, seed);
            out.steps[0]++;
            boolean[] done = new boolean[K];
            for (int day = s; day <= s + 3; day++) {
                ShiftJudgements j = ShiftJudgements.judge(Arrays.copyOf(t, day + 1), Arrays.copyOf(stepped, day + 1));
                for (int k = 0; k < K; k++) {
                    out.firstDay[k] += day == s && j.anomaly()[k] ? 1 : 0;
                    if (!done[k] && j.confirming(k)) {
                        done[k] = true;
                        out.confirmed[k]++;
                        out.confirmingDay[k] += day - s;
                        out.changePoints[k] += j.anomaly()[k] ? 1 : 0;
                    }
                }
            }
        }
        return out;
    }

    private static Tally kpiTally(List<Days> series, int first) {
        Tally all = new Tally();
        series.parallelStream().map(d -> kpi(d, first)).forEach(all::add);
        return all;
    }

    private static Tally kpi(Days d, int first) {
        Tally out = new Tally();
        for (int k = first; k < d.t().length; k++) {
            int from = Math.max(0, k - 365);
            long[] t = Arrays.copyOfRange(d.t(), from, k + 1);
            double[] v = Arrays.copyOfRange(d.v(), from, k + 1);
            if (!scan(out, t, v) || d.labelled()[k]) {
                continue;
            }
            ordinary(out, t, v);
            double[] around = Arrays.copyOfRange(v, Math.max(0, v.length - 29), v.length - 1);
            double[] abs = Arrays.stream(around).map(Math::abs).sorted().toArray();
            int mid = abs.length / 2;
            double level = abs.length % 2 == 1 ? abs[mid] : (abs[mid - 1] + abs[mid]) / 2;
            for (double size : KPI_SIZES) {
                for (int sign = -1; sign <= 1; sign += 2) {
                    double[] w = v.clone();
                    w[w.length - 1] += sign * size * level;
                    injected(out, t, w);
                }
            }
        }
        return out;
    }

    /** Counts a day of a series without a step: a confirmation there is a false one. False while warming up. */
    private static boolean scan(Tally out, long[] t, double[] v) {
        ShiftJudgements j = ShiftJudgements.scan(t, v);
        if (j.warmingUp()) {
            return false;
        }
        out.scanned[0]++;
        for (int k = 0; k < K; k++) {
            out.falseConfirmed[k] += j.confirming(k) ? 1 : 0;
            out.falseChangePoints[k] += j.confirming(k) && j.anomaly()[k] ? 1 : 0;
        }
        return true;
    }

    private static void ordinary(Tally out, long[] t, double[] v) {
        ShiftJudgements j = ShiftJudgements.judge(t, v);
        out.ordinary[0]++;
        for (int k = 0; k < K; k++) {
            out.flagged[k] += j.anomaly()[k] ? 1 : 0;
        }
        if (out.ordinary[0] % 25 == 0 && !ShiftJudgements.replayAgrees(t, v)) {
            out.checked.add(v.length + " points");
        }
    }

    private static void injected(Tally out, long[] t, double[] v) {
        ShiftJudgements j = ShiftJudgements.judge(t, v);
        out.injected[0]++;
        for (int k = 0; k < K; k++) {
            out.caught[k] += j.anomaly()[k] ? 1 : 0;
        }
    }
}

package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.detection.LastPointJudge;
import dev.vigil.detection.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A sanity check of the coarse path on realistic daily data, not a tuning set (nothing was tuned on it): the 29
 * labelled KPIs of the 2018 AIOps Challenge turned into daily means (UTC days holding at least 80 % of their
 * points), each day judged as the pipeline judges a coarse window, the last point of up to a year of the days
 * before it at the pipeline's default sensitivity. Prints the share of ordinary days flagged (no labelled point
 * that day) and, for context only, of labelled days. Reads {@code -Dkpi.dir}, default {@code ../shared/datasets/kpi}.
 *
 * <pre>./mvnw -B test -Dtest=CoarseKpiCheckTest -Dtest.excludedGroups=</pre>
 */
@Tag("benchmark")
class CoarseKpiCheckTest {

    private static final int HISTORY = 365;

    /**
     * The same judge on clean daily data (the {@code DailyKpi} fixture: a weekly cycle and Gaussian noise of 1.5 % of
     * a weekday, 40 seeds, days 36 to 120 judged) at several pipeline sensitivities: the flags are false alarms, in
     * the sensitivity's unit, false alarms per series per day.
     */
    @Test
    void cleanDailyDataAtEachSensitivity() {
        for (int sensitivity : new int[]{96, 94, 92, 87, 82}) {
            LastPointJudge judge = new LastPointJudge(sensitivity);
            int flags = 0;
            int days = 0;
            for (long seed = 1; seed <= 40; seed++) {
                double[] v = dev.vigil.detection.fixtures.DailyKpi.values(120, seed);
                long[] t = dev.vigil.detection.fixtures.DailyKpi.times(120, 0);
                for (int k = 35; k < v.length; k++) {
                    flags += judge.judge(java.util.Arrays.copyOf(t, k + 1), java.util.Arrays.copyOf(v, k + 1),
                            86_400).anomaly() ? 1 : 0;
                    days++;
                }
            }
            System.out.printf(Locale.ROOT, "sensitivity %d (engine %d): %d of %d clean days flagged (%.2f %%)%n",
                    sensitivity, Math.min(sensitivity + 3, 99), flags, days, 100.0 * flags / days);
        }
    }

    @Test
    void ordinaryDaysOfTheLabelledKpisAreSeldomFlagged() throws IOException {
        Path dir = Path.of(System.getProperty("kpi.dir", "../shared/datasets/kpi"));
        LastPointJudge judge = new LastPointJudge(96);
        int ordinary = 0;
        int ordinaryFlagged = 0;
        int labelled = 0;
        int labelledFlagged = 0;
        int series = 0;
        List<String> lines = new ArrayList<>();
        for (KpiSeries s : KpiSeries.readAll(dir)) {
            long step = s.epoch()[1] - s.epoch()[0];
            TreeMap<Long, double[]> days = new TreeMap<>(); // day -> {sum, count, labelled}
            for (int i = 0; i < s.values().length; i++) {
                double[] d = days.computeIfAbsent(Math.floorDiv(s.epoch()[i], 86_400), k -> new double[3]);
                d[0] += s.values()[i];
                d[1]++;
                d[2] = Math.max(d[2], s.labels()[i]);
            }
            days.values().removeIf(d -> d[1] < 0.8 * 86_400 / step);
            long[] t = days.keySet().stream().mapToLong(k -> k * 86_400).toArray();
            double[] v = days.values().stream().mapToDouble(d -> d[0] / d[1]).toArray();
            double[] lab = days.values().stream().mapToDouble(d -> d[2]).toArray();
            int flags = 0;
            for (int k = LastPointJudge.MIN_POINTS - 1; k < t.length; k++) {
                int from = Math.max(0, k - HISTORY);
                Verdict verdict = judge.judge(java.util.Arrays.copyOfRange(t, from, k + 1),
                        java.util.Arrays.copyOfRange(v, from, k + 1), 86_400);
                if (verdict.warmingUp()) {
                    continue; // the first four weeks are not judged
                }
                if (lab[k] > 0) {
                    labelled++;
                    labelledFlagged += verdict.anomaly() ? 1 : 0;
                } else {
                    ordinary++;
                    ordinaryFlagged += verdict.anomaly() ? 1 : 0;
                    flags += verdict.anomaly() ? 1 : 0;
                }
            }
            series++;
            lines.add(String.format(Locale.ROOT, "%s: %d days, %d ordinary flagged", s.id(), t.length, flags));
        }
        lines.add(String.format(Locale.ROOT, "%d KPIs: %d ordinary days judged, %d flagged (%.1f %%); %d labelled days "
                + "judged, %d flagged (%.1f %%)", series, ordinary, ordinaryFlagged, 100.0 * ordinaryFlagged / ordinary,
                labelled, labelledFlagged, 100.0 * labelledFlagged / Math.max(1, labelled)));
        lines.forEach(System.out::println);
        Path out = Path.of("target", "benchmarks", "coarse-kpi-days.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
        assertTrue(ordinary > 0);
    }
}

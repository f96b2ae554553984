package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.detection.CoarseJudgeDistances;
import dev.vigil.detection.LastPointJudge;
import dev.vigil.detection.fixtures.DailyKpi;
import dev.vigil.evaluation.CoarseHeldOutStudyTest.Days;
import java.io.IOException;
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
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The held-out comparison of judges for daily series (BENCHMARKS "Coarse series", branch coarsefp2, protocol committed
 * before the runs): for the engine (one point per sensitivity) and for three families with one knob k (M: a seasonal
 * median forecast, E: the engine's expected value, each with a band of k widths of the series' own noise; R: the
 * engine's expected value with a band of k spreads of its residuals over the history), the share
 * of ordinary days flagged against the recall of one-day 5, 10 and 25 % anomalies, on KPI halves A and B (split as
 * {@link CoarseHeldOutStudyTest}) and on the {@code DailyKpi} fixture; then the protocol's rules, applied as written.
 * {@code -Dstudy.engines} takes the engine's sensitivities, comma-separated, 99 first.
 *
 * <pre>./mvnw -B test -Dtest=CoarseJudgeCurveStudyTest -Dtest.excludedGroups=</pre>
 */
@Tag("benchmark")
class CoarseJudgeCurveStudyTest {

    private static final double[] SIZES = {0.05, 0.10, 0.25};
    private static final int KNOBS = 46;

    /** The distances and engine flags of one group of series. */
    private static final class Sample {
        final List<CoarseJudgeDistances> ordinary = new ArrayList<>();
        final List<CoarseJudgeDistances> labelled = new ArrayList<>();
        final List<List<CoarseJudgeDistances>> injected = List.of(new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());

        void add(Sample other) {
            ordinary.addAll(other.ordinary);
            labelled.addAll(other.labelled);
            for (int s = 0; s < SIZES.length; s++) {
                injected.get(s).addAll(other.injected.get(s));
            }
        }
    }

    /** One point of a curve: shares in %, recall pooled and per size. */
    record Point(String label, double flagged, double recall, double[] bySize, double labelled) {
        String row() {
            return String.format(Locale.ROOT, "| %s | %.2f %% | %.1f (%.1f / %.1f / %.1f) | %.1f %% |", label, flagged,
                    recall, bySize[0], bySize[1], bySize[2], labelled);
        }
    }

    @Test
    void theFamiliesAgainstTheEngineOnBothHalvesAndTheFixture() throws IOException {
        double[] engines = Arrays.stream(System.getProperty("study.engines", "99,98,97,95,93,90,85,80").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        List<Days> kpis = CoarseHeldOutStudyTest.kpis(Path.of(System.getProperty("kpi.dir", "../shared/datasets/kpi")));
        List<String> ids = new ArrayList<>(kpis.stream().map(Days::id).sorted().toList());
        Collections.shuffle(ids, new Random(20_261_206L));
        Set<String> halfA = new HashSet<>(ids.subList(0, ids.size() / 2));
        List<Days> synthetic = new ArrayList<>();
        for (long seed = 1; seed <= 40; seed++) {
            synthetic.add(new Days("DailyKpi " + seed, DailyKpi.times(120, 0), DailyKpi.values(120, seed),
                    new boolean[120]));
        }
        Sample a = sample(kpis.stream().filter(d -> halfA.contains(d.id())).toList(), 11, engines);
        Sample b = sample(kpis.stream().filter(d -> !halfA.contains(d.id())).toList(), 11, engines);
        Sample fixture = sample(synthetic, 35, engines);
        List<String> lines = new ArrayList<>();
        String[] names = {"A", "B", "fixture"};
        Sample[] samples = {a, b, fixture};
        List<List<List<Point>>> curves = new ArrayList<>(); // group -> {engine, M, E, R} -> points
        for (int g = 0; g < 3; g++) {
            List<List<Point>> c = List.of(engineCurve(samples[g], engines), familyCurve(samples[g], "M",
                    CoarseJudgeDistances::median), familyCurve(samples[g], "E", CoarseJudgeDistances::engine),
                    familyCurve(samples[g], "R", CoarseJudgeDistances::residual));
            curves.add(c);
            lines.add("## " + names[g] + ": " + samples[g].ordinary.size() + " ordinary days, "
                    + samples[g].labelled.size() + " labelled");
            lines.add("| configuration | ordinary flagged | recall (5 / 10 / 25 %) | labelled flagged |");
            c.forEach(points -> points.forEach(p -> lines.add(p.row())));
        }
        lines.addAll(verdicts(curves));
        lines.forEach(System.out::println);
        Path out = Path.of("target", "benchmarks", "coarse-judge-curves.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
    }

    /** The protocol's rules 1 to 4 for each family, today being the engine's first point. */
    private static List<String> verdicts(List<List<List<Point>>> curves) {
        List<String> out = new ArrayList<>();
        for (int f = 1; f <= 3; f++) {
            String family = new String[]{"", "M", "E", "R"}[f];
            boolean wins = true;
            int[] chosen = new int[2];
            for (int h = 0; h < 2; h++) {
                Point today = curves.get(h).get(0).get(0);
                List<Point> curve = curves.get(h).get(f);
                double atToday = recallAt(curve, today.flagged());
                boolean rule1 = atToday > today.recall();
                out.add(String.format(Locale.ROOT, "%s on %s in sample: recall %.1f at today's %.2f %% (today %.1f): "
                        + "%s", family, h == 0 ? "A" : "B", atToday, today.flagged(), today.recall(),
                        rule1 ? "higher" : "not"));
                Point fixtureToday = curves.get(2).get(0).get(0);
                int k = 0;
                while (k < KNOBS && (curve.get(k).flagged() > today.flagged()
                        || curves.get(2).get(f).get(k).flagged() > fixtureToday.flagged())) {
                    k++;
                }
                if (k == KNOBS) {
                    out.add("  no k reaches today's false-alarm share");
                    wins = false;
                    continue;
                }
                chosen[h] = k;
                Point fx = curves.get(2).get(f).get(k);
                boolean rule2 = fx.recall() >= fixtureToday.recall() - 2;
                List<Point> other = curves.get(1 - h).get(f);
                Point held = other.get(k);
                Point otherToday = curves.get(1 - h).get(0).get(0);
                double engineThere = recallAt(curves.get(1 - h).get(0), held.flagged());
                boolean rule3 = held.flagged() <= otherToday.flagged() && held.recall() > engineThere;
                out.add(String.format(Locale.ROOT, "  chosen on %s: %s; fixture %.2f %% / %.1f (%s); held out on %s: "
                        + "%.2f %% / %.1f, engine there %.1f, today %.2f %% / %.1f: %s", h == 0 ? "A" : "B",
                        curve.get(k).label(), fx.flagged(), fx.recall(), rule2 ? "kept" : "worse", h == 0 ? "B" : "A",
                        held.flagged(), held.recall(), engineThere, otherToday.flagged(), otherToday.recall(),
                        rule3 ? "wins" : "does not win"));
                wins &= rule1 && rule2 && rule3;
            }
            out.add(String.format(Locale.ROOT, "%s %s", family, wins ? "WINS at " + curves.get(0).get(f)
                    .get(Math.max(chosen[0], chosen[1])).label() : "does not win"));
        }
        return out;
    }

    /** Recall on a curve at a false-alarm share, linear between its points (its ends held beyond them). */
    private static double recallAt(List<Point> curve, double flagged) {
        List<Point> sorted = new ArrayList<>(curve);
        sorted.sort((p, q) -> Double.compare(p.flagged(), q.flagged()));
        if (flagged <= sorted.get(0).flagged()) {
            return sorted.get(0).recall();
        }
        for (int i = 1; i < sorted.size(); i++) {
            Point lo = sorted.get(i - 1);
            Point hi = sorted.get(i);
            if (flagged <= hi.flagged()) {
                double w = hi.flagged() == lo.flagged() ? 1 : (flagged - lo.flagged()) / (hi.flagged() - lo.flagged());
                return lo.recall() + w * (hi.recall() - lo.recall());
            }
        }
        return sorted.get(sorted.size() - 1).recall();
    }

    private static List<Point> engineCurve(Sample s, double[] engines) {
        List<Point> out = new ArrayList<>();
        for (int e = 0; e < engines.length; e++) {
            int i = e;
            out.add(point("engine " + (int) engines[e], s, d -> d.engineFlags()[i]));
        }
        return out;
    }

    private static List<Point> familyCurve(Sample s, String family, ToDoubleFunction<CoarseJudgeDistances> distance) {
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < KNOBS; i++) {
            double k = 1.5 + 0.1 * i;
            out.add(point(String.format(Locale.ROOT, "%s k %.1f", family, k), s,
                    d -> distance.applyAsDouble(d) > k));
        }
        return out;
    }

    private interface Flag {
        boolean test(CoarseJudgeDistances d);
    }

    private static Point point(String label, Sample s, Flag flag) {
        double[] bySize = new double[SIZES.length];
        long caught = 0;
        long injected = 0;
        for (int z = 0; z < SIZES.length; z++) {
            long c = s.injected.get(z).stream().filter(flag::test).count();
            bySize[z] = 100.0 * c / s.injected.get(z).size();
            caught += c;
            injected += s.injected.get(z).size();
        }
        return new Point(label, 100.0 * s.ordinary.stream().filter(flag::test).count() / s.ordinary.size(),
                100.0 * caught / injected, bySize,
                100.0 * s.labelled.stream().filter(flag::test).count() / Math.max(1, s.labelled.size()));
    }

    private static Sample sample(List<Days> series, int first, double[] engines) {
        List<Sample> each = series.parallelStream().map(d -> sample(d, first, engines)).toList();
        Sample all = new Sample();
        each.forEach(all::add);
        return all;
    }

    private static Sample sample(Days d, int first, double[] engines) {
        LastPointJudge production = new LastPointJudge(96);
        Sample out = new Sample();
        for (int k = first; k < d.t().length; k++) {
            int from = Math.max(0, k - 365);
            long[] t = Arrays.copyOfRange(d.t(), from, k + 1);
            double[] v = Arrays.copyOfRange(d.v(), from, k + 1);
            CoarseJudgeDistances day = CoarseJudgeDistances.of(t, v, engines);
            if (day.warmingUp()) {
                continue;
            }
            if (engines[0] == 99) { // the engine at 99 is the judge the pipeline runs at its default
                assertEquals(production.judge(t, v, 86_400).anomaly(), day.engineFlags()[0], d.id() + " day " + k);
            }
            if (d.labelled()[k]) {
                out.labelled.add(day);
                continue;
            }
            out.ordinary.add(day);
            double[] around = Arrays.copyOfRange(v, Math.max(0, v.length - 29), v.length - 1);
            double level = median(Arrays.stream(around).map(Math::abs).toArray());
            for (int s = 0; s < SIZES.length; s++) {
                for (int sign = -1; sign <= 1; sign += 2) {
                    double[] w = v.clone();
                    w[w.length - 1] += sign * SIZES[s] * level;
                    out.injected.get(s).add(CoarseJudgeDistances.of(t, w, engines));
                }
            }
        }
        return out;
    }

    private static double median(double[] v) {
        double[] a = v.clone();
        Arrays.sort(a);
        int m = a.length / 2;
        return a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2;
    }
}

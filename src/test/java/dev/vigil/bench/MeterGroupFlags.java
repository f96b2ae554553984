package dev.vigil.bench;

import dev.vigil.demo.MeterFleet;
import dev.vigil.demo.MeterFleet.Reading;
import dev.vigil.detection.multivariate.MultivariateModel;
import dev.vigil.detection.multivariate.MultivariateSettings;
import dev.vigil.detection.multivariate.PcaEngine;
import dev.vigil.detection.multivariate.RowScore;
import dev.vigil.detection.multivariate.ScoringState;
import dev.vigil.detection.multivariate.TrainingData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the multivariate engine flags on the demo's meter group, without the pipeline: the seeded fleet of
 * {@code MeterFleetNoiseTest} (hourly, 21 days, the faults), one model per meter trained on the span before
 * {@link MeterFleet#trainedUntil()}, the rest scored row by row. Prints, per engine configuration, the flagged rows
 * of the faults (sag meters in the sag's two hours, the heater, the stuck meter) and of everything else (false
 * flags), and the false flags' runs (flags less than 3 hours apart are one run: about one incident each).
 *
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.vigil.bench.MeterGroupFlags \
 *     -Dexec.args="200 default rate=0:factor=2.0"   # meters, then configurations (key=value joined by ':')</pre>
 */
public final class MeterGroupFlags {

    private static final List<String> METRICS = List.of("power", "voltage", "current", "temperature");

    private MeterGroupFlags() {
    }

    public static void main(String[] args) {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Instant end = Instant.parse("2026-10-20T00:00:00Z");
        MeterFleet fleet = new MeterFleet(meters, end, Duration.ofDays(21), Duration.ofHours(1), 1, true);
        int steps = (int) fleet.steps();
        double[][][] rows = new double[meters][steps][METRICS.size()];
        for (int i = 0; i < steps; i++) {
            for (Reading r : fleet.at(i)) {
                rows[Integer.parseInt(r.meter().substring(1))][i][METRICS.indexOf(r.metric())] = r.value();
            }
        }
        int trained = (int) Duration.between(fleet.start(), fleet.trainedUntil()).toHours();
        for (int a = 1; a < Math.max(2, args.length); a++) {
            String config = args.length > a ? args[a] : "default";
            MultivariateSettings s = settings(config);
            int[] fault = new int[3];
            int falseRows = 0;
            int falseRuns = 0;
            int falseMeters = 0;
            List<Double> faultSeverity = new ArrayList<>();
            List<Double> falseSeverity = new ArrayList<>();
            for (int m = 0; m < meters; m++) {
                double[][] train = Arrays.copyOf(rows[m], trained);
                MultivariateModel model = new PcaEngine(s).train(new TrainingData(METRICS, train)).model()
                        .orElseThrow();
                ScoringState state = model.newState();
                int last = -10;
                int mine = 0;
                for (int i = trained; i < steps; i++) {
                    RowScore score = model.score(rows[m][i], state);
                    if (!score.anomaly()) {
                        continue;
                    }
                    Instant t = fleet.start().plus(Duration.ofHours(i));
                    int kind = kind(fleet, m, t);
                    if (kind >= 0) {
                        fault[kind]++;
                        faultSeverity.add(score.severity());
                        continue;
                    }
                    falseRows++;
                    mine++;
                    falseSeverity.add(score.severity());
                    falseRuns += i - last > 3 ? 1 : 0;
                    last = i;
                }
                falseMeters += mine > 0 ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "%-34s sag %3d heater %3d stuck %3d | false rows %4d runs %3d meters %3d"
                    + " | median severity: faults %.2f, false %.2f%n", config, fault[0], fault[1], fault[2], falseRows,
                    falseRuns, falseMeters, median(faultSeverity), median(falseSeverity));
        }
    }

    private static double median(List<Double> x) {
        return x.isEmpty() ? Double.NaN : x.stream().sorted().toList().get(x.size() / 2);
    }

    /** 0 sag, 1 heater, 2 stuck meter, -1 none (the slow drift is not counted as a fault: no incident expected). */
    private static int kind(MeterFleet fleet, int m, Instant t) {
        if (m / 20 == MeterFleet.SAG_FEEDER && !t.isBefore(fleet.sagFrom())
                && t.isBefore(fleet.sagFrom().plus(Duration.ofHours(2)))) {
            return 0;
        }
        if (m == MeterFleet.HEATER && !t.isBefore(fleet.heaterFrom())) {
            return 1;
        }
        return m == MeterFleet.STUCK && !t.isBefore(fleet.stuckFrom()) ? 2 : -1;
    }

    private static MultivariateSettings settings(String config) {
        MultivariateSettings s = MultivariateSettings.defaults();
        if (config.equals("default")) {
            return s;
        }
        for (String kv : config.split(":")) {
            String[] p = kv.split("=");
            double v = Double.parseDouble(p[1]);
            s = switch (p[0]) {
                case "rate" -> s.withAdaptation(v, s.adaptCap());
                case "cap" -> s.withAdaptation(s.adaptRate(), v);
                case "q" -> s.withThreshold(v, s.thresholdFactor());
                case "factor" -> s.withThreshold(s.calibrationQuantile(), v);
                case "peak" -> s.withPeakRatio(v);
                case "vf" -> s.withVarianceFraction(v);
                default -> throw new IllegalArgumentException("unknown key " + p[0]);
            };
        }
        return s;
    }
}

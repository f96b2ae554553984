package dev.vigil.evaluation;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.Detectors;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;

/**
 * Runs the standard streaming detector over the 29 labelled KPIs of the 2018 AIOps Challenge and scores them with
 * the challenge's delay-limited segment F1 ({@code bench/kpi_score.py}, which uses {@code ../shared/eval/pa_metrics.py}).
 *
 * <p>Usage: {@code KpiEvaluation [kpiDir [outputDir]]}, defaults {@code ../shared/datasets/kpi} and
 * {@code target/kpi-results}. Results go to {@code <outputDir>/vigil/<id>.csv} with header
 * {@code timestamp,value,label,anomaly_score}. Each series is fed once, in time order, to a fresh detector; the step is
 * the median of the first 50 positive time differences, as for NAB. The score is {@code s / (1 + s)} of the
 * detector's surprise, or with {@code -Dvigil.kpi.flags=true} the detector's own flag (1 or 0).
 */
public final class KpiEvaluation {

    private KpiEvaluation() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/datasets/kpi");
        Path output = Path.of(args.length > 1 ? args[1] : "target/kpi-results");
        Path results = output.resolve(NabEvaluation.DETECTOR);
        boolean flags = Boolean.getBoolean("vigil.kpi.flags");
        // the flags are scored at the pipeline's sensitivity unless another is asked for
        int sensitivity = Integer.getInteger("vigil.kpi.sensitivity",
                flags ? DetectorSettings.PIPELINE_SENSITIVITY : DetectorSettings.DEFAULT_SENSITIVITY);
        DetectorKind kind = Detectors.of(DetectorSettings.defaults().withSensitivity(sensitivity));
        long start = System.nanoTime();
        long rows = 0;
        List<KpiSeries> all = KpiSeries.readAll(data);
        Files.createDirectories(results);
        for (KpiSeries s : all) {
            double[] score = score(kind, s, flags);
            try (BufferedWriter w = Files.newBufferedWriter(results.resolve(s.id() + ".csv"))) {
                w.write("timestamp,value,label,anomaly_score\n");
                for (int i = 0; i < score.length; i++) {
                    w.write(s.times()[i] + "," + s.values()[i] + "," + s.labels()[i] + ","
                            + String.format(Locale.ROOT, "%.9f", score[i]) + "\n");
                }
            }
            rows += score.length;
        }
        System.out.printf(Locale.ROOT, "%s v%d, sensitivity %d, %s: %d series, %d rows in %.1f s -> %s%n",
                kind.name(), kind.version(), sensitivity, flags ? "anomaly flags" : "raw scores", all.size(), rows,
                (System.nanoTime() - start) / 1e9, results);
        List<String> command = new ArrayList<>(List.of("python3", "bench/kpi_score.py", results.toString()));
        command.addAll(Arrays.stream(System.getProperty("vigil.scorerArgs", "").split(" "))
                .filter(a -> !a.isBlank()).toList());
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("scorer exited with " + exit);
        }
    }

    /** The score of every row: {@code s / (1 + s)} of the surprise, or the flag as 1 or 0. */
    static double[] score(DetectorKind kind, KpiSeries s, boolean flags) {
        StreamingDetector detector = kind.create(NabEvaluation.step(s.epoch()));
        double[] out = new double[s.epoch().length];
        long fed = Long.MIN_VALUE;
        for (int i = 0; i < out.length; i++) {
            long t = i > 0 && s.epoch()[i] <= fed ? fed + 1 : s.epoch()[i];
            Verdict v = detector.observe(t, s.values()[i]);
            out[i] = flags ? (v.anomaly() ? 1 : 0) : v.score() / (1 + v.score());
            fed = t;
        }
        return out;
    }
}

package dev.vigil.evaluation;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import dev.vigil.detection.multivariate.Contribution;
import dev.vigil.detection.multivariate.MultivariateEngine;
import dev.vigil.detection.multivariate.MultivariateModel;
import dev.vigil.detection.multivariate.MultivariateSettings;
import dev.vigil.detection.multivariate.PcaEngine;
import dev.vigil.detection.multivariate.RowScore;
import dev.vigil.detection.multivariate.ScoringState;
import dev.vigil.detection.multivariate.TrainingData;
import dev.vigil.detection.multivariate.TrainingOutcome;

/**
 * Runs the default multivariate engine over every entity of a folder in the layout of the shared multivariate data
 * ({@code <asd|smd>/<entity>/train.csv.gz} and {@code test.csv.gz}), writes {@code <outDir>/<asd|smd>/<entity>.csv}
 * ({@code timestamp,score,anomaly,contributors}) and prints the shared scorer's table.
 *
 * <p>Usage: {@code MultivariateEvaluation [dataDir [outDir [scorerScript]]]}, defaults
 * {@code ../shared/datasets/multivariate}, {@code target/mv-results}, {@code ../shared/eval/mv_score.py}
 * ({@code none}: write the results only).
 *
 * <p>The engine sees the training matrix with its column names, then the test rows one at a time in file order
 * (the label column is never read into a row); the model goes through its bytes before scoring and the scoring
 * state through its bytes every {@value #STATE_ROUND_TRIP} rows, as in the pipeline. Contributors are every
 * variable with a positive contribution, largest first. {@code -Dvigil.mv.varianceFraction},
 * {@code -Dvigil.mv.quantile}, {@code -Dvigil.mv.factor}, {@code -Dvigil.mv.scoreRows},
 * {@code -Dvigil.mv.trimSpikes}, {@code -Dvigil.mv.adaptRate}, {@code -Dvigil.mv.adaptCap} and
 * {@code -Dvigil.mv.peakRatio} override the defaults (for the leave-one-out studies in BENCHMARKS.md only).
 */
public final class MultivariateEvaluation {

    static final int STATE_ROUND_TRIP = 1000;

    private MultivariateEvaluation() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/datasets/multivariate");
        Path out = Path.of(args.length > 1 ? args[1] : "target/mv-results");
        Path scorer = Path.of(args.length > 2 ? args[2] : "../shared/eval/mv_score.py");
        MultivariateSettings d = MultivariateSettings.defaults();
        MultivariateSettings settings = d
                .withVarianceFraction(doubleProperty("vigil.mv.varianceFraction", d.varianceFraction()))
                .withThreshold(doubleProperty("vigil.mv.quantile", d.calibrationQuantile()),
                        doubleProperty("vigil.mv.factor", d.thresholdFactor()))
                .withScoring((int) doubleProperty("vigil.mv.scoreRows", d.scoreRows()),
                        Boolean.parseBoolean(System.getProperty("vigil.mv.trimSpikes", "" + d.trimSpikes())))
                .withAdaptation(doubleProperty("vigil.mv.adaptRate", d.adaptRate()),
                        doubleProperty("vigil.mv.adaptCap", d.adaptCap()))
                .withPeakRatio(doubleProperty("vigil.mv.peakRatio", d.peakRatio()));
        MultivariateEngine engine = new PcaEngine(settings);
        List<Path> entities;
        try (Stream<Path> walk = Files.walk(data, 3)) {
            entities = walk.filter(p -> p.getFileName().toString().equals("test.csv.gz")).map(Path::getParent)
                    .sorted().toList();
        }
        long start = System.nanoTime();
        for (Path entity : entities) {
            String set = entity.getParent().getFileName().toString();
            Path result = out.resolve(set).resolve(entity.getFileName() + ".csv");
            evaluate(engine, entity, result);
        }
        System.out.printf(Locale.ROOT, "%s v%d %s: %d entities in %.1f s -> %s%n", engine.name(), engine.version(),
                settings, entities.size(), (System.nanoTime() - start) / 1e9, out);
        if (scorer.toString().equals("none")) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("python3", scorer.toString(), out.toString(), "--data",
                data.toString()));
        command.addAll(Arrays.stream(System.getProperty("vigil.scorerArgs", "").split(" "))
                .filter(s -> !s.isBlank()).toList());
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("scorer exited with " + exit);
        }
    }

    static void evaluate(MultivariateEngine engine, Path entity, Path result) throws IOException {
        Table train = Table.read(entity.resolve("train.csv.gz"));
        Table test = Table.read(entity.resolve("test.csv.gz"));
        long t0 = System.nanoTime();
        TrainingOutcome outcome = engine.train(new TrainingData(train.variables, train.rows));
        long trainNanos = System.nanoTime() - t0;
        if (!outcome.ready()) {
            throw new IllegalStateException(entity + ": " + outcome.reason().orElseThrow());
        }
        MultivariateModel model = engine.restore(outcome.model().orElseThrow().snapshot());
        ScoringState state = model.newState();
        Files.createDirectories(result.getParent());
        int flagged = 0;
        t0 = System.nanoTime();
        try (BufferedWriter w = Files.newBufferedWriter(result)) {
            w.write("timestamp,score,anomaly,contributors\n");
            for (int i = 0; i < test.rows.length; i++) {
                if (i % STATE_ROUND_TRIP == 0) {
                    state = ScoringState.restore(state.snapshot());
                }
                RowScore s = model.score(test.rows[i], state);
                flagged += s.anomaly() ? 1 : 0;
                String contributors = s.interpretation().stream().filter(c -> c.contribution() > 0)
                        .map(Contribution::variable).collect(Collectors.joining(";"));
                w.write(test.times.get(i) + "," + String.format(Locale.ROOT, "%.6g", s.score()) + ","
                        + (s.anomaly() ? 1 : 0) + "," + contributors + "\n");
            }
        }
        System.out.printf(Locale.ROOT, "%-28s train %5d x %3d: %2d components, threshold %7.3f, %5.0f ms; "
                        + "test %5d rows, %4d flagged, %5.1f us/row%n", entity.getParent().getFileName() + "/"
                        + entity.getFileName(), train.rows.length, train.variables.size(), model.report().components(),
                model.report().threshold(), trainNanos / 1e6, test.rows.length, flagged,
                (System.nanoTime() - t0) / 1e3 / test.rows.length);
    }

    private static double doubleProperty(String key, double fallback) {
        String v = System.getProperty(key);
        return v == null || v.isBlank() ? fallback : Double.parseDouble(v);
    }

    /** A gzipped CSV {@code timestamp,m1..mN[,label]}; the label column is dropped. */
    record Table(List<String> variables, List<String> times, double[][] rows) {

        static Table read(Path gz) throws IOException {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
                List<String> header = List.of(in.readLine().split(","));
                int columns = header.size() - 1 - (header.get(header.size() - 1).equals("label") ? 1 : 0);
                List<String> times = new ArrayList<>();
                List<double[]> rows = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] cells = line.split(",");
                    double[] row = new double[columns];
                    for (int j = 0; j < columns; j++) {
                        row[j] = cells[j + 1].isEmpty() ? Double.NaN : Double.parseDouble(cells[j + 1]);
                    }
                    times.add(cells[0]);
                    rows.add(row);
                }
                return new Table(header.subList(1, 1 + columns), times, rows.toArray(double[][]::new));
            }
        }
    }
}

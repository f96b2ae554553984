package dev.vigil.bench;

import com.amazon.randomcutforest.RandomCutForest;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The plain random cut forest as a second anchor for the pooled judge ({@code bench/pooled.py}): the issue
 * gives its score on NAB's hidden files (randomcutforest 4.4.0, 100 trees, sample 256, shingle 1: 58.5 / 47.2 /
 * 67.0), so its score on the development pool says how far that pool's figures lie from hidden ones. Writes a run
 * folder in {@code TuningSweep}'s layout ({@code <run>/<name>/vigil/<category>/vigil_<file>.csv}); each file gets a
 * fresh forest fed every finite value once, in file order (score before update, mapped by {@code s / (1 + s)}, a
 * monotone map, so NAB's optimised threshold is unaffected).
 *
 * <pre>
 *   ./mvnw -q -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt \
 *       -Dmdep.includeScope=test
 *   java -cp target/test-classes:target/classes:$(cat target/bench-cp.txt) dev.vigil.bench.RcfBaseline \
 *       target/sweep/runs/rcf nab=../shared/datasets/nab/data nabx=target/nabx/data servers=target/servers/data
 * </pre>
 */
public final class RcfBaseline {

    /** The forest by default; other sizes for probes ({@code -Drcf.trees}, {@code -Drcf.sample}). */
    private static final int TREES = Integer.getInteger("rcf.trees", 100);
    private static final int SAMPLE = Integer.getInteger("rcf.sample", 256);
    /** The library's default time decay, 1 / (10 x sample size). */
    private static final double DECAY = Double.parseDouble(
            System.getProperty("rcf.decay", String.valueOf(1.0 / (10 * SAMPLE))));

    private RcfBaseline() {
    }

    public static void main(String[] args) throws IOException {
        BaselineRuns.run(args, (name, in, run) -> score(in, run.resolve(name).resolve("vigil")));
    }

    private static long score(Path in, Path out) throws IOException {
        long rows = 0;
        for (Path csv : BaselineRuns.csvFiles(in)) {
            Path target = BaselineRuns.resultFile(in, out, csv);
            RandomCutForest forest = RandomCutForest.builder().dimensions(1).numberOfTrees(TREES).sampleSize(SAMPLE)
                    .timeDecay(DECAY).randomSeed(42).build();
            try (BufferedReader r = Files.newBufferedReader(csv); BufferedWriter w = Files.newBufferedWriter(target)) {
                r.readLine();
                w.write("timestamp,value,anomaly_score\n");
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    int comma = line.indexOf(',');
                    String value = line.substring(comma + 1).trim();
                    double x = BaselineRuns.parse(value);
                    double s = 0;
                    if (Double.isFinite(x)) {
                        double[] point = {x};
                        s = forest.getAnomalyScore(point);
                        forest.update(point);
                        rows++;
                    }
                    w.write(line.substring(0, comma) + "," + value + ","
                            + String.format(Locale.ROOT, "%.9f", s / (1 + s)) + "\n");
                }
            }
        }
        return rows;
    }
}

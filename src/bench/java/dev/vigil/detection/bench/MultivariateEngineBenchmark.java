package dev.vigil.detection.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.vigil.detection.fixtures.CorrelatedRows;
import dev.vigil.detection.multivariate.MultivariateEngine;
import dev.vigil.detection.multivariate.MultivariateModel;
import dev.vigil.detection.multivariate.MultivariateSettings;
import dev.vigil.detection.multivariate.PcaEngine;
import dev.vigil.detection.multivariate.RowScore;
import dev.vigil.detection.multivariate.ScoringState;
import dev.vigil.detection.multivariate.TrainingData;
import dev.vigil.detection.multivariate.TrainingOutcome;

/**
 * Costs of the default multivariate engine (issue 12's budget): scoring one row of 38 variables (a normal row, and
 * an anomalous one, which also measures correlation changes), training on 30 days of 5-minute rows (8,640) of 38
 * and 300 variables, and the sizes of a 38-variable model and scoring state (printed at setup).
 *
 * <pre>
 * ./mvnw -q -Pbench test-compile exec:exec -Djmh.args="-f 1 -wi 3 -w 1s -i 5 -r 1s MultivariateEngineBenchmark.score"
 * ./mvnw -q -Pbench test-compile exec:exec -Djmh.args="-f 1 -wi 1 -i 3 MultivariateEngineBenchmark.train"
 * </pre>
 */
@State(Scope.Thread)
public class MultivariateEngineBenchmark {

    private static final int ROWS = 8640;
    private final MultivariateEngine engine = new PcaEngine(MultivariateSettings.defaults());

    /** Scoring of 38-variable rows. */
    @State(Scope.Thread)
    public static class Scoring {
        MultivariateModel model;
        ScoringState state;
        double[][] normal;
        double[][] faulty;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            CorrelatedRows source = new CorrelatedRows(38, 6, 42);
            TrainingOutcome o = new PcaEngine(MultivariateSettings.defaults())
                    .train(new TrainingData(CorrelatedRows.names(38), source.next(ROWS)));
            model = o.model().orElseThrow();
            state = model.newState();
            normal = source.next(1024);
            faulty = new double[1024][];
            for (int i = 0; i < faulty.length; i++) {
                faulty[i] = normal[i].clone();
                faulty[i][5] += 3;
                faulty[i][17] -= 3;
            }
            System.out.printf("38 variables: model %d bytes, %d components; scoring state %d bytes%n",
                    model.snapshot().length, model.report().components(), state.snapshot().length);
        }
    }

    /** Training matrices. */
    @State(Scope.Benchmark)
    public static class Matrix {
        @Param({"38", "300"})
        int variables;
        TrainingData data;

        @Setup(Level.Trial)
        public void setUp() {
            data = new TrainingData(CorrelatedRows.names(variables),
                    new CorrelatedRows(variables, Math.max(4, variables / 6), 7).next(ROWS));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public RowScore scoreNormalRow(Scoring s) {
        RowScore r = s.model.score(s.normal[s.next], s.state);
        s.next = (s.next + 1) & 1023;
        return r;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public RowScore scoreAnomalousRow(Scoring s) {
        RowScore r = s.model.score(s.faulty[s.next], s.state);
        s.next = (s.next + 1) & 1023;
        return r;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public TrainingOutcome train(Matrix m) {
        return engine.train(m.data);
    }
}

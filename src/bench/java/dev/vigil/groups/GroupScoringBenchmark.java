package dev.vigil.groups;

import dev.vigil.detection.fixtures.CorrelatedRows;
import dev.vigil.detection.multivariate.FillPolicy;
import dev.vigil.detection.multivariate.MultivariateModel;
import dev.vigil.detection.multivariate.ScoringState;
import dev.vigil.detection.multivariate.TrainingData;
import dev.vigil.storage.GroupStore.WindowPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

/**
 * CPU cost one entity adds to a detection run, beside its three queries: the model restored from its stored bytes,
 * the state restored, the loaded windows (the late horizon of 72 rows, the 60 rows of context and 3 new rows) put
 * on the grid and filled, the 3 new rows scored and the state written back. For 38 and 300 variables.
 *
 * <pre>
 * ./mvnw -q -Pbench test-compile exec:exec -Djmh.args="-f 1 -wi 3 -w 1s -i 5 -r 1s GroupScoringBenchmark"
 * </pre>
 */
@State(Scope.Thread)
public class GroupScoringBenchmark {

    static final Duration STEP = Duration.ofMinutes(5);
    static final int LOADED = 72 + 60 + 3;

    @Param({"38", "300"})
    int variables;

    byte[] model;
    byte[] state;
    long[] ids;
    List<WindowPoint> points;
    Instant start = Instant.parse("2026-11-01T00:00:00Z");

    @Setup(Level.Trial)
    public void setUp() {
        CorrelatedRows source = new CorrelatedRows(variables, 6, 42);
        MultivariateModel m = GroupEngine.ENGINE.train(new TrainingData(CorrelatedRows.names(variables),
                source.next(Math.max(2000, 2 * variables)))).model().orElseThrow();
        model = m.snapshot();
        state = m.newState().snapshot();
        ids = new long[variables];
        points = new ArrayList<>();
        double[][] rows = source.next(LOADED);
        for (int j = 0; j < variables; j++) {
            ids[j] = 1000 + j;
            for (int i = 0; i < LOADED; i++) {
                points.add(new WindowPoint(ids[j], start.plus(STEP.multipliedBy(i)), rows[i][j], 1));
            }
        }
        System.out.printf("%n%d variables: model %d bytes, state %d bytes%n", variables, model.length, state.length);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] scoreOneEntityInARun() {
        MultivariateModel m = GroupEngine.ENGINE.restore(model);
        ScoringState s = ScoringState.restore(state);
        GroupMatrix x = GroupMatrix.of(ids, points, start, STEP, LOADED);
        x.fill(FillPolicy.LINEAR, 1.0);
        for (int i = LOADED - 3; i < LOADED; i++) {
            m.score(x.values[i], s);
        }
        return s.snapshot();
    }
}

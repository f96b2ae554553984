package dev.vigil.detection.multivariate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.detection.fixtures.CorrelatedRows;

/** Data conditions give a status and a reason, never an exception. */
class TrainingConditionsTest {

    private static final MultivariateEngine ENGINE = new PcaEngine(MultivariateSettings.defaults());

    @Test
    void tooLittleHistoryFailsWithAReason() {
        TrainingOutcome o = ENGINE.train(new TrainingData(CorrelatedRows.names(4), new CorrelatedRows(4, 1, 1).next(40)));
        assertFalse(o.ready());
        assertEquals("too little history: 40 rows, at least 100 needed", o.reason().orElseThrow());
        assertEquals(40, o.report().rows());
    }

    @Test
    void noRowsAtAllFailsWithAReason() {
        TrainingOutcome o = ENGINE.train(new TrainingData(CorrelatedRows.names(3), new double[0][]));
        assertFalse(o.ready());
        assertTrue(o.reason().orElseThrow().startsWith("too little history"));
    }

    @Test
    void aMostlyMissingVariableIsExcludedAndReported() {
        double[][] rows = new CorrelatedRows(5, 2, 4).next(500);
        for (int i = 0; i < 400; i++) {
            rows[i][2] = Double.NaN;
        }
        TrainingOutcome o = ENGINE.train(new TrainingData(CorrelatedRows.names(5), rows));
        assertTrue(o.ready());
        VariableQuality q = o.report().quality().get(2);
        assertEquals(0.8, q.missingRatio(), 1e-12);
        assertTrue(q.excluded());
        MultivariateModel model = o.model().orElseThrow();
        double[] row = rows[499].clone();
        row[2] = 1e6; // an excluded variable never scores
        RowScore s = model.score(row, model.newState());
        assertEquals(0, s.interpretation().stream().filter(c -> c.variable().equals("v2")).findFirst()
                .orElseThrow().contribution());
    }

    @Test
    void valuesThatOverflowTheSumsFailWithAReasonNotAnException() {
        // a gap filled with 1e308: the mean was infinite, the covariance NaN, the eigen-decomposition never converged
        double[][] rows = new CorrelatedRows(3, 1, 4).next(300);
        for (int i = 0; i < 300; i += 2) {
            rows[i][1] = i % 4 == 0 ? 1e308 : -1e308;
        }
        rows[1][1] = 1e308;
        TrainingOutcome o = ENGINE.train(new TrainingData(CorrelatedRows.names(3), rows));
        assertFalse(o.ready());
        assertTrue(o.reason().orElseThrow().startsWith("the values are too large to train on"), o.reason().get());
    }

    @Test
    void tooFewUsableVariablesFailsWithAReason() {
        double[][] rows = new CorrelatedRows(2, 1, 4).next(300);
        for (double[] row : rows) {
            row[1] = Double.NaN;
        }
        TrainingOutcome o = ENGINE.train(new TrainingData(CorrelatedRows.names(2), rows));
        assertFalse(o.ready());
        assertTrue(o.reason().orElseThrow().startsWith("too few usable variables: 1 of 2"), o.reason().get());
    }

    @Test
    void aConstantVariableTrainsAndItsFirstChangeIsTheTopContributor() {
        double[][] rows = new CorrelatedRows(5, 2, 8).next(600);
        for (double[] row : rows) {
            row[4] = 3.0;
        }
        TrainingOutcome o = ENGINE.train(new TrainingData(CorrelatedRows.names(5), rows));
        assertTrue(o.ready());
        assertTrue(o.report().quality().get(4).constant());
        MultivariateModel model = o.model().orElseThrow();
        double[] row = rows[599].clone();
        row[4] = 3.5;
        RowScore s = model.score(row, model.newState());
        assertTrue(s.anomaly());
        assertEquals("v4", s.interpretation().get(0).variable());
    }

    @Test
    void allConstantVariablesTrainAndScoreQuietRowsAsNormal() {
        double[][] rows = new double[200][3];
        for (double[] row : rows) {
            row[0] = 1;
            row[1] = 2;
            row[2] = 3;
        }
        TrainingOutcome o = ENGINE.train(new TrainingData(List.of("a", "b", "c"), rows));
        assertTrue(o.ready());
        MultivariateModel model = o.model().orElseThrow();
        RowScore s = model.score(new double[] {1, 2, 3}, model.newState());
        assertFalse(s.anomaly());
        assertEquals(0, s.score());
        assertEquals(0, s.interpretation().stream().mapToDouble(Contribution::contribution).sum());
    }
}

package dev.vigil.detection.multivariate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.vigil.detection.fixtures.CorrelatedRows;

class PcaEngineTest {

    private static final MultivariateEngine ENGINE = new PcaEngine(MultivariateSettings.defaults());

    private static MultivariateModel trained(CorrelatedRows source, int variables, int rows) {
        TrainingOutcome outcome = ENGINE.train(new TrainingData(CorrelatedRows.names(variables), source.next(rows)));
        assertTrue(outcome.ready(), () -> outcome.reason().orElse(""));
        return outcome.model().orElseThrow();
    }

    @Test
    void aFaultInTwoVariablesIsFlaggedWithThoseTwoAsTopContributors() {
        CorrelatedRows source = new CorrelatedRows(12, 3, 7);
        MultivariateModel model = trained(source, 12, 3000);
        ScoringState state = model.newState();
        int normalFlags = 0;
        for (int i = 0; i < 1000; i++) {
            normalFlags += model.score(source.next(), state).anomaly() ? 1 : 0;
        }
        assertTrue(normalFlags <= 10, "flags on normal rows: " + normalFlags);
        double[] row = source.next();
        double v3 = row[3];
        row[3] += 2.0;
        row[8] -= 1.5;
        RowScore s = model.score(row, state);
        assertTrue(s.anomaly());
        assertTrue(s.severity() > 0 && s.severity() <= 1);
        Set<String> top2 = s.interpretation().subList(0, 2).stream().map(Contribution::variable)
                .collect(Collectors.toSet());
        assertEquals(Set.of("v3", "v8"), top2);
        Contribution c3 = s.interpretation().stream().filter(c -> c.variable().equals("v3")).findFirst().orElseThrow();
        assertEquals(v3 + 2.0, c3.value(), 1e-12);
        assertEquals(v3, c3.expected(), 0.6, "expected value of the faulty variable stays near its normal value");
    }

    @Test
    void contributionsAreNonNegativeAndSumToOne() {
        CorrelatedRows source = new CorrelatedRows(8, 2, 11);
        MultivariateModel model = trained(source, 8, 1000);
        ScoringState state = model.newState();
        for (int i = 0; i < 200; i++) {
            RowScore s = model.score(source.next(), state);
            assertEquals(8, s.interpretation().size());
            assertTrue(s.interpretation().stream().allMatch(c -> c.contribution() >= 0));
            assertEquals(1.0, s.interpretation().stream().mapToDouble(Contribution::contribution).sum(), 1e-9);
            assertEquals(s.anomaly(), s.severity() > 0);
        }
    }

    @Test
    void aSustainedBreakOfCorrelationIsReportedAsACorrelationChange() {
        CorrelatedRows source = new CorrelatedRows(6, 1, 5);
        MultivariateModel model = trained(source, 6, 2000);
        ScoringState state = model.newState();
        RowScore last = null;
        for (int i = 0; i < 60; i++) {
            double[] row = source.next();
            row[2] = 20 + 3 * Math.sin(i); // v2 leaves its factor and oscillates on its own
            last = model.score(row, state);
        }
        assertTrue(last.anomaly());
        Contribution top = last.interpretation().get(0);
        assertEquals("v2", top.variable());
        assertFalse(top.correlationChanges().isEmpty());
        assertTrue(top.correlationChanges().stream().allMatch(c -> Math.abs(c.change()) >= 0.5));
    }

    @Test
    void snapshotsOfModelAndStateScoreIdentically() {
        CorrelatedRows source = new CorrelatedRows(10, 3, 3);
        MultivariateModel model = trained(source, 10, 800);
        MultivariateModel restored = ENGINE.restore(model.snapshot());
        assertEquals(model.variables(), restored.variables());
        assertEquals(model.report(), restored.report());
        ScoringState a = model.newState();
        for (int i = 0; i < 100; i++) {
            model.score(source.next(), a);
        }
        ScoringState b = ScoringState.restore(a.snapshot());
        for (int i = 0; i < 100; i++) {
            double[] row = source.next();
            row[4] += i == 50 ? 5 : 0;
            assertEquals(model.score(row, a), restored.score(row, b));
        }
        assertArrayEquals(a.snapshot(), b.snapshot());
    }

    @Test
    void corruptOrForeignBytesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ENGINE.restore(new byte[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> ScoringState.restore(new byte[] {9}));
    }

    @Test
    void aRowOfTheWrongWidthIsRejected() {
        MultivariateModel model = trained(new CorrelatedRows(4, 1, 1), 4, 200);
        assertThrows(IllegalArgumentException.class, () -> model.score(new double[3], model.newState()));
    }

    @Test
    void missingValuesAreJudgedOnTheOtherVariablesAndContributeNothing() {
        CorrelatedRows source = new CorrelatedRows(6, 2, 9);
        MultivariateModel model = trained(source, 6, 1000);
        ScoringState state = model.newState();
        double[] row = source.next();
        double v1 = row[1];
        row[1] = Double.NaN;
        RowScore s = model.score(row, state);
        Contribution c1 = s.interpretation().stream().filter(c -> c.variable().equals("v1")).findFirst().orElseThrow();
        assertEquals(0, c1.contribution());
        assertTrue(Double.isNaN(c1.value()));
        assertEquals(v1, c1.expected(), 1.0);
    }

    @Test
    void wideGroupsTrain() {
        MultivariateModel model = trained(new CorrelatedRows(300, 10, 13), 300, 1200);
        assertEquals(300, model.variables().size());
        assertTrue(model.report().components() >= 1 && model.report().components() < 300);
    }

    @Test
    void listedVariablesComeBackInOrder() {
        MultivariateModel model = trained(new CorrelatedRows(5, 1, 2), 5, 300);
        assertEquals(List.of("v0", "v1", "v2", "v3", "v4"), model.variables());
    }
}

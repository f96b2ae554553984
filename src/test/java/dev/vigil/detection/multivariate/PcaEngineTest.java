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
    /** Version 4's scoring, an option (the default scores as version 3 did, with version 5's peak ratio). */
    private static final MultivariateEngine ADAPTIVE = new PcaEngine(MultivariateSettings.adaptive());

    private static MultivariateModel trained(CorrelatedRows source, int variables, int rows) {
        return trained(ENGINE, source, variables, rows);
    }

    private static MultivariateModel trained(MultivariateEngine engine, CorrelatedRows source, int variables,
                                             int rows) {
        TrainingOutcome outcome = engine.train(new TrainingData(CorrelatedRows.names(variables), source.next(rows)));
        assertTrue(outcome.ready(), () -> outcome.reason().orElse(""));
        return outcome.model().orElseThrow();
    }

    @Test
    void aFaultInTwoVariablesIsFlaggedWithThoseTwoAsTopContributors() {
        CorrelatedRows source = new CorrelatedRows(12, 2, 7);
        MultivariateModel model = trained(source, 12, 3000);
        ScoringState state = model.newState();
        int normalFlags = 0;
        for (int i = 0; i < 1000; i++) {
            normalFlags += model.score(source.next(), state).anomaly() ? 1 : 0;
        }
        assertTrue(normalFlags <= 10, "flags on normal rows: " + normalFlags);
        // a fault lasts: a row's score averages two rows, so the fault is flagged on its first or second row
        RowScore s = null;
        double v3 = 0;
        for (int i = 0; i < 2 && (s == null || !s.anomaly()); i++) {
            double[] row = source.next();
            v3 = row[3];
            row[3] += 2.0;
            row[8] -= 1.5;
            s = model.score(row, state);
        }
        assertTrue(s.anomaly());
        assertTrue(s.severity() > 0 && s.severity() <= 1);
        Set<String> top2 = s.interpretation().subList(0, 2).stream().map(Contribution::variable)
                .collect(Collectors.toSet());
        assertEquals(Set.of("v3", "v8"), top2);
        Contribution c3 = s.interpretation().stream().filter(c -> c.variable().equals("v3")).findFirst().orElseThrow();
        assertEquals(v3 + 2.0, c3.value(), 1e-12);
        // the expectation (the PCA reconstruction) is pulled by the faulty values, but stays nearer the normal value
        assertEquals(v3, c3.expected(), 1.0, "expected value of the faulty variable nearer its normal value");
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
        for (MultivariateEngine engine : List.of(ENGINE, ADAPTIVE)) {
            CorrelatedRows source = new CorrelatedRows(10, 3, 3);
            MultivariateModel model = trained(engine, source, 10, 800);
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
    }

    @Test
    void aVersion2ModelStillLoadsAndScoresEachRowAlone() {
        CorrelatedRows source = new CorrelatedRows(6, 2, 21);
        TrainingOutcome outcome = new PcaEngine(MultivariateSettings.defaults().withScoring(1, true)
                .withAdaptation(0, 1).withPeakRatio(0)).train(new TrainingData(CorrelatedRows.names(6),
                source.next(500)));
        PcaModel v3 = (PcaModel) outcome.model().orElseThrow();
        byte[] v2 = asVersion2(asVersion3(asVersion4(v3.snapshot(), 6, v3.tail.length), 6, v3.tail.length), 6,
                v3.tail.length);
        assertTrue(ENGINE.reads(PcaEngine.NAME, 2));
        assertFalse(ENGINE.reads(PcaEngine.NAME, 1));
        MultivariateModel old = ENGINE.restore(v2);
        assertEquals(1, ((PcaModel) old).scoreRows);
        ScoringState a = v3.newState();
        ScoringState b = old.newState();
        for (int i = 0; i < 50; i++) {
            double[] row = source.next();
            row[2] += i == 30 ? 4 : 0;
            assertEquals(v3.score(row, a), old.score(row, b));
        }
    }

    @Test
    void aVersion3ModelStillLoadsAndScoresAsBefore() {
        CorrelatedRows source = new CorrelatedRows(6, 2, 23);
        // version 3 is version 4 without adaptation: its threshold was 2 x the 99th percentile
        PcaModel trained = (PcaModel) new PcaEngine(MultivariateSettings.defaults().withThreshold(0.99, 2.0)
                .withAdaptation(0, 1).withPeakRatio(0)).train(new TrainingData(CorrelatedRows.names(6),
                source.next(500))).model().orElseThrow();
        byte[] v3 = asVersion3(asVersion4(trained.snapshot(), 6, trained.tail.length), 6, trained.tail.length);
        assertTrue(ENGINE.reads(PcaEngine.NAME, 3));
        PcaModel old = (PcaModel) ENGINE.restore(v3);
        assertEquals(2, old.scoreRows);
        assertFalse(old.adaptation.on());
        ScoringState a = trained.newState();
        ScoringState b = old.newState();
        int flags = 0;
        for (int i = 0; i < 80; i++) {
            double[] row = source.next();
            row[2] += i >= 30 && i < 35 ? 4 : 0;
            RowScore s = old.score(row, b);
            assertEquals(trained.score(row, a), s);
            flags += s.anomaly() ? 1 : 0;
        }
        assertTrue(flags > 0);
        // a version-3 state (no levels) restores and goes on scoring the version-3 model
        ScoringState restored = ScoringState.restore(b.snapshot());
        double[] row = source.next();
        assertEquals(trained.score(row, a), old.score(row, restored));
        // and a version-4 model refuses it rather than scoring without levels
        MultivariateModel v4 = trained(ADAPTIVE, new CorrelatedRows(6, 2, 23), 6, 500);
        assertThrows(IllegalArgumentException.class, () -> v4.score(source.next(), ScoringState.restore(b.snapshot())));
        // and so does a version-5 model with a peak ratio
        MultivariateModel v5 = trained(new CorrelatedRows(6, 2, 23), 6, 500);
        assertThrows(IllegalArgumentException.class, () -> v5.score(source.next(), ScoringState.restore(b.snapshot())));
    }

    @Test
    void aVersion4ModelStillLoadsAndScoresAsBefore() {
        CorrelatedRows source = new CorrelatedRows(6, 2, 25);
        PcaModel trained = (PcaModel) ADAPTIVE.train(new TrainingData(CorrelatedRows.names(6), source.next(500)))
                .model().orElseThrow();
        assertEquals(0, trained.peakRatio);
        PcaModel old = (PcaModel) ENGINE.restore(asVersion4(trained.snapshot(), 6, trained.tail.length));
        assertEquals(0, old.peakRatio);
        assertTrue(old.adaptation.on());
        ScoringState a = trained.newState();
        ScoringState b = old.newState();
        for (int i = 0; i < 80; i++) {
            double[] row = source.next();
            row[2] += i >= 30 && i < 35 ? 4 : 0;
            assertEquals(trained.score(row, a), old.score(row, b));
        }
        assertArrayEquals(a.snapshot(), ScoringState.restore(b.snapshot()).snapshot());
    }

    @Test
    void aFaultsDecayAfterItsPeakIsNotFlaggedRowByRow() {
        CorrelatedRows source = new CorrelatedRows(8, 2, 27);
        double[][] train = source.next(800);
        double[][] test = source.next(80);
        for (int i = 20; i < 80; i++) {
            test[i][3] += 60 * Math.exp(-(i - 20) / 6.0); // a jump that decays back over tens of rows
        }
        PcaModel peak = (PcaModel) ENGINE.train(new TrainingData(CorrelatedRows.names(8), train)).model()
                .orElseThrow();
        PcaModel plain = (PcaModel) new PcaEngine(MultivariateSettings.defaults().withPeakRatio(0))
                .train(new TrainingData(CorrelatedRows.names(8), train)).model().orElseThrow();
        ScoringState a = peak.newState();
        ScoringState b = plain.newState();
        int peakFlags = 0;
        int plainFlags = 0;
        for (int i = 0; i < test.length; i++) {
            RowScore p = peak.score(test[i], a);
            RowScore q = plain.score(test[i], b);
            assertEquals(q.score(), p.score(), 1e-12); // the scores are version 3's; only the flags differ
            assertTrue(!p.anomaly() || q.anomaly());
            assertEquals(i == 20 && q.anomaly(), i == 20 && p.anomaly()); // the onset is flagged by both
            peakFlags += p.anomaly() ? 1 : 0;
            plainFlags += q.anomaly() ? 1 : 0;
        }
        assertTrue(peakFlags >= 1 && peakFlags < plainFlags, peakFlags + " of " + plainFlags);
    }

    /** Version-4 bytes: the version-5 layout without the peak ratio (the double before the tail). */
    private static byte[] asVersion4(byte[] v5, int variables, int tailRows) {
        return withoutBlockBeforeTail(v5, variables, tailRows, 8, 4);
    }

    /** Version-3 bytes: the version-4 layout without the adaptation block of a model trained without it. */
    private static byte[] asVersion3(byte[] v4, int variables, int tailRows) {
        return withoutBlockBeforeTail(v4, variables, tailRows, 8 + 8 + 4 + 4, 3); // rate, cap, no levels or scores
    }

    /** Version-2 bytes: the version-3 layout without the score rows (the int before the tail). */
    private static byte[] asVersion2(byte[] v3, int variables, int tailRows) {
        return withoutBlockBeforeTail(v3, variables, tailRows, 4, 2);
    }

    /** Each version added a block just before the tail rows: these bytes without it, as the older version. */
    private static byte[] withoutBlockBeforeTail(byte[] bytes, int variables, int tailRows, int block, int version) {
        int after = 4 + tailRows * variables * 4 + 4 + variables * (8 + 1 + 1);
        int at = bytes.length - after - block;
        byte[] old = new byte[bytes.length - block];
        System.arraycopy(bytes, 0, old, 0, at);
        System.arraycopy(bytes, at + block, old, at, after);
        old[7] = (byte) version; // the version int after the magic
        return old;
    }

    @Test
    void aVariableThatBecomesNoisierIsJudgedAgainstItsNewNoise() {
        CorrelatedRows source = new CorrelatedRows(8, 2, 31);
        double[][] training = source.next(3000);
        MultivariateSettings adaptive = MultivariateSettings.adaptive();
        MultivariateModel on = new PcaEngine(adaptive).train(new TrainingData(CorrelatedRows.names(8), training))
                .model().orElseThrow();
        MultivariateModel off = new PcaEngine(adaptive.withAdaptation(0, 1))
                .train(new TrainingData(CorrelatedRows.names(8), training)).model().orElseThrow();
        ScoringState a = on.newState();
        ScoringState b = off.newState();
        java.util.Random noise = new java.util.Random(5);
        double lastOn = 0;
        double lastOff = 0;
        for (int i = 0; i < 2000; i++) {
            double[] row = source.next();
            row[5] += 1.5 * noise.nextGaussian(); // v5 grows noisier and stays so
            RowScore s = on.score(row, a);
            RowScore t = off.score(row, b);
            if (i >= 1500) {
                lastOn += s.anomaly() ? 1 : 0;
                lastOff += t.anomaly() ? 1 : 0;
            }
        }
        assertTrue(lastOff >= 5, "without adaptation the noisier variable keeps alarming: " + lastOff);
        assertTrue(lastOn <= lastOff / 2, "adapted " + lastOn + " against " + lastOff);
    }

    @Test
    void insideARunOfAnomalousRowsContributionsKeepWhereItStarted() {
        CorrelatedRows source = new CorrelatedRows(12, 2, 7);
        MultivariateModel model = trained(ADAPTIVE, source, 12, 3000);
        ScoringState state = model.newState();
        for (double[] normal : source.next(200)) {
            model.score(normal, state);
        }
        RowScore s = null;
        for (int i = 0; i < 8; i++) {
            double[] row = source.next();
            row[3] += 3.0; // a lasting fault: its change fades after the first rows, its residual stays
            row[8] -= 2.5;
            s = model.score(row, state);
        }
        assertTrue(s.anomaly());
        assertEquals(Set.of("v3", "v8"), s.interpretation().subList(0, 2).stream().map(Contribution::variable)
                .collect(Collectors.toSet()));
        assertEquals(1.0, s.interpretation().stream().mapToDouble(Contribution::contribution).sum(), 1e-9);
        assertTrue(s.interpretation().stream().allMatch(c -> c.contribution() >= 0));
    }

    @Test
    void calibrationAveragesRowsAndTrimsIsolatedSpikes() {
        double[] raw = {1, 1, 10, 1, 1};
        assertArrayEquals(new double[] {1, 1, 1, 1, 1}, PcaEngine.calibrationScores(raw, 1, true));
        assertArrayEquals(new double[] {1, 1, 10, 1, 1}, PcaEngine.calibrationScores(raw, 1, false));
        // averaged over two rows the spike spans two rows, so trimming keeps it: only a one-row spike goes
        assertArrayEquals(new double[] {1, 1, 5.5, 5.5, 1}, PcaEngine.calibrationScores(raw, 2, false));
        assertArrayEquals(new double[] {1, 1, 5.5, 5.5, 1}, PcaEngine.calibrationScores(raw, 2, true));
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
        // both latent factors kept (the default 0.7 may keep one of two here), so the expectation is close
        TrainingOutcome outcome = new PcaEngine(MultivariateSettings.defaults().withVarianceFraction(0.95))
                .train(new TrainingData(CorrelatedRows.names(6), source.next(1000)));
        MultivariateModel model = outcome.model().orElseThrow();
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

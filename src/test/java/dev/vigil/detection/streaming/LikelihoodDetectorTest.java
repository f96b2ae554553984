package dev.vigil.detection.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.Detectors;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.detection.fixtures.SyntheticSeries;
import dev.vigil.detection.fixtures.SyntheticSeries.Change;

/** Unit tests of the standard detector, vigil-likelihood: snapshots, state size, gaps, warm-up and preconditions. */
class LikelihoodDetectorTest {

    private static final long STEP = SyntheticSeries.STEP;

    @Test
    void standardKindIsNamedAndVersioned() {
        DetectorKind kind = Detectors.standard();
        assertEquals("vigil-likelihood", kind.name());
        assertEquals(13, kind.version());
        assertEquals(kind, kind.create(STEP).kind());
    }

    @Test
    void restoredDetectorGivesIdenticalVerdicts() {
        SyntheticSeries s = SyntheticSeries.daily(Change.LEVEL_SHIFT, 12, 7);
        DetectorKind kind = Detectors.standard();
        StreamingDetector straight = kind.create(STEP);
        StreamingDetector restored = kind.create(STEP);
        int flagged = 0;
        for (int i = 0; i < s.length(); i++) {
            if (i % 97 == 0) { // persist and reload as the pipeline does between runs
                restored = kind.restore(restored.snapshot());
            }
            Verdict a = straight.observe(s.times[i], s.values[i]);
            Verdict b = restored.observe(s.times[i], s.values[i]);
            assertEquals(a, b, "verdict " + i);
            flagged += a.anomaly() ? 1 : 0;
        }
        assertArrayEquals(straight.snapshot(), restored.snapshot());
        assertTrue(flagged > 0, "the level shift must be flagged, or the comparison proves little");
    }

    @Test
    void snapshotSizeDoesNotGrowWithValuesSeen() {
        SyntheticSeries s = SyntheticSeries.daily(Change.NONE, 40, 3);
        StreamingDetector d = Detectors.standard().create(STEP);
        int after1000 = 0;
        for (int i = 0; i < s.length(); i++) {
            d.observe(s.times[i], s.values[i]);
            if (i == 999) {
                after1000 = d.snapshot().length;
            }
        }
        int atEnd = d.snapshot().length;
        assertEquals(after1000, atEnd);
        assertTrue(atEnd < 16_384, "5-minute state must stay under 16 KB, was " + atEnd);
        assertTrue(Detectors.standard().create(3600).snapshot().length < atEnd, "hourly data needs fewer slots");
    }

    @Test
    void oddStepsStillGetSeasonalProfiles() {
        int sevenMinutes = Detectors.standard().create(420).snapshot().length;   // daily: 200 slots of 432 s
        int threeDays = Detectors.standard().create(3 * 86_400).snapshot().length; // no profile fits
        assertTrue(sevenMinutes - threeDays > 200 * 9 + 168 * 9 - 100, sevenMinutes + " vs " + threeDays);
    }

    @Test
    void warmsUpForTheLongerOfItsValuesAndThreeDailyCycles() {
        // the tails calibrate during the warm-up: 10 values start the predictors, then 200 feature values
        assertTrue(10 + 1 + LikelihoodTuning.defaults().tailWarmUp() < DetectorSettings.DEFAULT_WARM_UP_POINTS);
        assertEquals(3, LikelihoodTuning.defaults().warmUpCycles());
        // 5-minute data: three days (864 values, when the daily predictor can be ready) outlast the 288 values
        int threeDays = 3 * SyntheticSeries.PER_DAY;
        assertWarmsUpFor(DetectorSettings.DEFAULT_WARM_UP_POINTS, threeDays, STEP);
        assertWarmsUpFor(50, threeDays, STEP);
        // hourly data: 288 values are twelve days; a short warm-up waits for the tails' calibration, not for 72 hours
        assertWarmsUpFor(DetectorSettings.DEFAULT_WARM_UP_POINTS, DetectorSettings.DEFAULT_WARM_UP_POINTS, 3600);
        assertWarmsUpFor(50, 11 + LikelihoodTuning.defaults().tailWarmUp(), 3600);
    }

    private static void assertWarmsUpFor(int warmUpPoints, int values, long step) {
        StreamingDetector d = Detectors.of(DetectorSettings.defaults().withWarmUpPoints(warmUpPoints)).create(step);
        SyntheticSeries s = SyntheticSeries.daily(Change.NONE, 4, 1);
        for (int i = 0; i < values; i++) {
            Verdict v = d.observe(SyntheticSeries.START + i * step, s.values[i]);
            assertTrue(v.warmingUp(), "value " + i);
            assertFalse(v.anomaly());
            assertTrue(Double.isNaN(v.expected()));
        }
        Verdict v = d.observe(SyntheticSeries.START + values * step, s.values[values]);
        assertFalse(v.warmingUp());
        assertTrue(Double.isFinite(v.expected()) && v.lower() <= v.expected() && v.expected() <= v.upper());
    }

    /**
     * Every flag says which feature fired (and a quiet value none); a spike far outside its band is flagged for its
     * value, a level shift at its onset for the value or the level.
     */
    @Test
    void flagsSayWhatFired() {
        for (Change change : new Change[] {Change.SPIKE, Change.LEVEL_SHIFT}) {
            SyntheticSeries series = SyntheticSeries.daily(change, 8, 11);
            StreamingDetector d = Detectors.standard().create(STEP);
            String atOnset = null;
            for (int i = 0; i < series.length(); i++) {
                Verdict v = d.observe(series.times[i], series.values[i]);
                if (v.anomaly()) {
                    assertTrue(java.util.Set.of(Verdict.VALUE, Verdict.SHAPE, Verdict.LEVEL, Verdict.VOLATILITY)
                            .contains(v.reason()), "reason " + v.reason());
                    if (i >= series.onset && i < series.onset + 12 && atOnset == null) {
                        atOnset = v.reason();
                    }
                } else {
                    assertEquals(null, v.reason());
                }
            }
            assertTrue(change == Change.SPIKE ? Verdict.VALUE.equals(atOnset)
                    : Verdict.VALUE.equals(atOnset) || Verdict.LEVEL.equals(atOnset), change + " at onset: " + atOnset);
        }
    }

    @Test
    void toleratesGapsAndKeepsSeasonalSlotsAligned() {
        SyntheticSeries clean = SyntheticSeries.daily(Change.NONE, 10, 5);
        SyntheticSeries gapped = clean.withGap(1500, 1572).withGap(2000, 2576); // 6 hours, then 2 days missing
        StreamingDetector d = Detectors.standard().create(STEP);
        int anomalies = 0;
        Verdict last = null;
        for (int i = 0; i < gapped.length(); i++) {
            last = d.observe(gapped.times[i], gapped.values[i]);
            anomalies += last.anomaly() ? 1 : 0;
        }
        assertTrue(anomalies <= 2, "a gap in a clean series is not an anomaly, flagged " + anomalies);
        // the daily profile predicts the cycle at the right time of day after the gaps
        double truth = 50 + 10 * Math.sin(2 * Math.PI * ((gapped.times[gapped.length() - 1] - SyntheticSeries.START)
                / STEP % SyntheticSeries.PER_DAY) / SyntheticSeries.PER_DAY);
        assertEquals(truth, last.expected(), 2.0);
    }

    @Test
    void rejectsNonFiniteValuesAndTimeThatDoesNotMoveForward() {
        StreamingDetector d = Detectors.standard().create(STEP);
        assertThrows(IllegalArgumentException.class, () -> d.observe(1000, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> d.observe(1000, Double.POSITIVE_INFINITY));
        d.observe(1000, 1);
        assertThrows(IllegalArgumentException.class, () -> d.observe(1000, 2));
        assertThrows(IllegalArgumentException.class, () -> d.observe(700, 2));
        assertFalse(d.observe(1300, 2).anomaly());
    }

    @Test
    void rebuildAndRebaseRejectEpochsAndValuesOfDifferentLengthsAndRebaseOutOfOrder() {
        DetectorKind kind = Detectors.standard();
        StreamingDetector d = kind.create(STEP);
        IllegalArgumentException shorter = assertThrows(IllegalArgumentException.class,
                () -> d.learn(new long[] {0, STEP, 2 * STEP}, new double[] {1, 2}));
        assertEquals("epochs and values differ in length: 3 and 2", shorter.getMessage());
        IllegalArgumentException longer = assertThrows(IllegalArgumentException.class,
                () -> d.learn(new long[] {0}, new double[] {1, 2}));
        assertEquals("epochs and values differ in length: 1 and 2", longer.getMessage());
        assertArrayEquals(kind.create(STEP).snapshot(), d.snapshot(), "nothing learned before the check");
        d.observe(0, 1);
        IllegalArgumentException rebase = assertThrows(IllegalArgumentException.class,
                () -> d.rebase(new long[] {0, STEP}, new double[] {1}));
        assertEquals("epochs and values differ in length: 2 and 1", rebase.getMessage());
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> d.rebase(new long[] {2 * STEP, STEP}, new double[] {1, 2}));
        assertEquals("epochs must ascend, " + STEP + " follows " + 2 * STEP, order.getMessage());
    }

    /** A series stepped from level 100 to 100 + step, and the detector that learned it; the values since the step. */
    private record Stepped(LikelihoodDetector detector, long change, long[] epochs, double[] values) {

        /** {@code beforeDays} at 5-minute steps, then {@code afterDays}; a daily swing of {@code swing}, noise sd 1. */
        static Stepped of(int beforeDays, int afterDays, double step, double swing, long seed) {
            LikelihoodDetector d = (LikelihoodDetector) Detectors.standard().create(STEP);
            java.util.Random r = new java.util.Random(seed);
            int before = beforeDays * 288;
            long[] epochs = new long[afterDays * 288];
            double[] values = new double[epochs.length];
            for (int i = 0; i < before + epochs.length; i++) {
                double x = 100 + (i >= before ? step : 0) + swing * Math.sin(2 * Math.PI * i / 288) + r.nextGaussian();
                d.observe(i * STEP, x);
                if (i >= before) {
                    epochs[i - before] = i * STEP;
                    values[i - before] = x;
                }
            }
            return new Stepped(d, before * STEP, epochs, values);
        }
    }

    /**
     * The long-run mean learns part of a move in the days before feedback: only the part it has not learned is added
     * (before, all of it: three days after a step of 3 it stood a third of the step too high, where the level
     * feature sees the old level on the other side). The step, smaller than the daily swing and than 5 typical
     * errors, is one the detector does not confirm itself.
     */
    @Test
    void rebaseAddsToTheLongRunMeanOnlyWhatItHasNotLearned() {
        Stepped s = Stepped.of(20, 3, 3, 20, 3);
        LikelihoodDetector d = s.detector();
        assertEquals(Long.MIN_VALUE, d.changes.lastChangeEpoch, "no change point of its own");
        double learned = d.predictors.longMean;
        assertTrue(learned > 100.6 && learned < 101.6, "a third of the step learned: " + learned);
        assertEquals(3, d.rebase(s.epochs(), s.values(), 3), 0);
        assertEquals(3 * Math.pow(1 - Predictors.LONG_ALPHA, s.epochs().length), d.predictors.longMean - learned,
                1e-9);
    }

    /**
     * A step the detector confirmed itself (a jump of ten noise widths) was re-based on when it was confirmed: a
     * move measured by the caller is not applied a second time.
     */
    @Test
    void aChangeTheDetectorConfirmedItselfIsNotShiftedTwice() {
        Stepped s = Stepped.of(20, 3, 10, 0, 3);
        LikelihoodDetector d = s.detector();
        assertTrue(d.changes.lastChangeEpoch >= s.change(), "confirmed and re-based by the detector");
        double delta = d.rebase(s.epochs(), s.values(), 10);
        assertTrue(Math.abs(delta) < 1, "only what is left: " + delta);
        assertEquals(110, d.predictors.longMean, 0.5);
    }

    /**
     * Twelve days after a step (one the detector does not confirm itself) every daily slot has learned most of it
     * and cannot measure it (NaN: the caller would rebuild the state); a move measured by the caller still re-bases.
     */
    @Test
    void lateFeedbackRebasesOnAMeasuredMove() {
        Stepped s = Stepped.of(21, 12, 3, 20, 4);
        LikelihoodDetector d = s.detector();
        assertEquals(Long.MIN_VALUE, d.changes.lastChangeEpoch, "no change point of its own");
        LikelihoodDetector copy = (LikelihoodDetector) Detectors.standard().restore(d.snapshot());
        assertTrue(Double.isNaN(copy.rebase(s.epochs(), s.values())), "every slot learned most of the move");
        assertArrayEquals(d.snapshot(), copy.snapshot(), "nothing shifted");
        assertEquals(3, d.rebase(s.epochs(), s.values(), 3), 0);
        assertThrows(IllegalArgumentException.class,
                () -> d.rebase(s.epochs(), s.values(), Double.POSITIVE_INFINITY));
    }

    /**
     * Feedback re-bases on every window with data since the change, a window that arrived after newer ones (judged,
     * never learned) among them: the recent values are split at the change by their times, not by that count.
     */
    @Test
    void rebaseShiftsTheRecentValuesFromBeforeTheChangeByTheirTimes() {
        LikelihoodDetector d = (LikelihoodDetector) Detectors.standard().create(STEP);
        long t = 0;
        for (int i = 0; i < 2000; i++, t += STEP) {
            d.observe(t, 100 + (i % 5));
        }
        long change = t;
        int late = 2; // the third window after the change comes late: never learned
        long[] epochs = new long[6];
        double[] values = new double[6];
        for (int i = 0; i < 6; i++, t += STEP) {
            epochs[i] = t;
            values[i] = 160 + (i % 5);
            if (i != late) {
                d.observe(t, values[i]);
            }
        }
        RecentWindow w = d.window;
        double[] before = w.values.clone();
        double delta = d.rebase(epochs, values);
        assertTrue(delta > 50 && delta < 70, "the move: " + delta);
        int shifted = 0;
        for (int j = 0; j < w.count; j++) {
            int k = w.back(j);
            double expected = w.epochs[k] < change ? before[k] + delta : before[k];
            assertEquals(expected, w.values[k], 1e-9, "recent value at " + w.epochs[k]);
            shifted += w.epochs[k] < change ? 1 : 0;
        }
        assertEquals(LikelihoodDetector.WINDOW - 5, shifted, "every stored value from before the change");
    }

    @Test
    void rejectsBadStepsAndForeignSnapshots() {
        DetectorKind kind = Detectors.standard();
        assertThrows(IllegalArgumentException.class, () -> kind.create(0));
        assertThrows(IllegalArgumentException.class, () -> kind.restore(null));
        assertThrows(IllegalArgumentException.class, () -> kind.restore(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> kind.restore(new byte[] {1, 2, 3, 4, 5, 6}));
        byte[] good = kind.create(STEP).snapshot();
        assertThrows(IllegalArgumentException.class, () -> kind.restore(Arrays.copyOf(good, good.length - 3)));
        byte[] otherVersion = good.clone();
        otherVersion[5]++; // the version follows the 4-byte magic
        assertThrows(IllegalArgumentException.class, () -> kind.restore(otherVersion));
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThrows(IllegalArgumentException.class, () -> kind.restore(trailing));
    }

    @Test
    void constantSeriesNeverAlarmsAndStaysFinite() {
        SyntheticSeries s = SyntheticSeries.flat(3000, 45);
        StreamingDetector d = Detectors.standard().create(STEP);
        for (int i = 0; i < s.length(); i++) {
            Verdict v = d.observe(s.times[i], s.values[i]);
            assertFalse(v.anomaly(), "value " + i);
            assertTrue(Double.isFinite(v.score()));
            if (!v.warmingUp()) {
                assertEquals(45, v.expected(), 1e-9);
            }
        }
    }

    @Test
    void kindsWithDifferentSettingsShareSnapshots() {
        StreamingDetector d = Detectors.standard().create(STEP);
        d.observe(0, 1);
        StreamingDetector other = Detectors.of(DetectorSettings.defaults().withSensitivity(10)).restore(d.snapshot());
        assertNotEquals(d.kind(), other.kind());
        assertArrayEquals(d.snapshot(), other.snapshot());
    }
}

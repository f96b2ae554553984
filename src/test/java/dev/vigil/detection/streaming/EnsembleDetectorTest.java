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

/** Unit tests of the previous default detector, vigil-ensemble: snapshots, state size, gaps, warm-up and preconditions. */
class EnsembleDetectorTest {

    private static final long STEP = SyntheticSeries.STEP;
    private static final DetectorKind ENSEMBLE = Detectors.ensemble(DetectorSettings.defaults());

    @Test
    void ensembleKindIsNamedAndVersioned() {
        DetectorKind kind = ENSEMBLE;
        assertEquals("vigil-ensemble", kind.name());
        assertEquals(1, kind.version());
        assertEquals(kind, kind.create(STEP).kind());
    }

    @Test
    void rebuildRejectsEpochsAndValuesOfDifferentLengthsBeforeLearningAny() {
        StreamingDetector d = ENSEMBLE.create(SyntheticSeries.STEP);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.learn(new long[] {0, SyntheticSeries.STEP}, new double[] {1}));
        assertEquals("epochs and values differ in length: 2 and 1", e.getMessage());
        assertArrayEquals(ENSEMBLE.create(SyntheticSeries.STEP).snapshot(), d.snapshot());
    }

    @Test
    void restoredDetectorGivesIdenticalVerdicts() {
        SyntheticSeries s = SyntheticSeries.daily(Change.LEVEL_SHIFT, 12, 7);
        DetectorKind kind = ENSEMBLE;
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
        StreamingDetector d = ENSEMBLE.create(STEP);
        int after1000 = 0;
        for (int i = 0; i < s.length(); i++) {
            d.observe(s.times[i], s.values[i]);
            if (i == 999) {
                after1000 = d.snapshot().length;
            }
        }
        int atEnd = d.snapshot().length;
        assertEquals(after1000, atEnd);
        assertTrue(atEnd < 5000, "5-minute state should be a few KB, was " + atEnd);
        assertTrue(ENSEMBLE.create(3600).snapshot().length < atEnd, "hourly data needs fewer slots");
    }

    @Test
    void oddStepsStillGetSeasonalProfiles() {
        int sevenMinutes = ENSEMBLE.create(420).snapshot().length;   // daily: 200 slots of 432 s
        int threeDays = ENSEMBLE.create(3 * 86_400).snapshot().length; // no profile fits
        assertTrue(sevenMinutes - threeDays > 200 * 9 + 168 * 9 - 100, sevenMinutes + " vs " + threeDays);
    }

    @Test
    void warmsUpForTheConfiguredNumberOfValues() {
        DetectorKind kind = Detectors.ensemble(DetectorSettings.defaults().withWarmUpPoints(50));
        StreamingDetector d = kind.create(STEP);
        SyntheticSeries s = SyntheticSeries.daily(Change.NONE, 3, 1);
        int warmUp = 50 + EnsembleDetector.NOVELTY_WARM_UP;
        for (int i = 0; i < warmUp; i++) {
            Verdict v = d.observe(s.times[i], s.values[i]);
            assertTrue(v.warmingUp(), "value " + i);
            assertFalse(v.anomaly());
            assertTrue(Double.isNaN(v.expected()));
        }
        Verdict v = d.observe(s.times[warmUp], s.values[warmUp]);
        assertFalse(v.warmingUp());
        assertTrue(Double.isFinite(v.expected()) && v.lower() <= v.expected() && v.expected() <= v.upper());
    }

    @Test
    void toleratesGapsAndKeepsSeasonalSlotsAligned() {
        SyntheticSeries clean = SyntheticSeries.daily(Change.NONE, 10, 5);
        SyntheticSeries gapped = clean.withGap(1500, 1572).withGap(2000, 2576); // 6 hours, then 2 days missing
        StreamingDetector d = ENSEMBLE.create(STEP);
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
        StreamingDetector d = ENSEMBLE.create(STEP);
        assertThrows(IllegalArgumentException.class, () -> d.observe(1000, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> d.observe(1000, Double.POSITIVE_INFINITY));
        d.observe(1000, 1);
        assertThrows(IllegalArgumentException.class, () -> d.observe(1000, 2));
        assertThrows(IllegalArgumentException.class, () -> d.observe(700, 2));
        assertFalse(d.observe(1300, 2).anomaly());
    }

    @Test
    void rejectsBadStepsAndForeignSnapshots() {
        DetectorKind kind = ENSEMBLE;
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
        StreamingDetector d = ENSEMBLE.create(STEP);
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
        StreamingDetector d = ENSEMBLE.create(STEP);
        d.observe(0, 1);
        StreamingDetector other = Detectors.ensemble(DetectorSettings.defaults().withSensitivity(10)).restore(d.snapshot());
        assertNotEquals(d.kind(), other.kind());
        assertArrayEquals(d.snapshot(), other.snapshot());
    }
}

package dev.vigil.detection.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.Detectors;
import dev.vigil.detection.Direction;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.detection.fixtures.SyntheticSeries;
import dev.vigil.detection.fixtures.SyntheticSeries.Change;

/** The caller's controls: sensitivity, direction, minimum deviation and maximum anomaly ratio. */
class DetectorControlsTest {

    private static int flags(DetectorSettings settings, SyntheticSeries s) {
        StreamingDetector d = Detectors.of(settings).create(SyntheticSeries.STEP);
        int flags = 0;
        for (int i = 0; i < s.length(); i++) {
            flags += d.observe(s.times[i], s.values[i]).anomaly() ? 1 : 0;
        }
        return flags;
    }

    private static boolean flaggedAtOnset(DetectorSettings settings, SyntheticSeries s) {
        StreamingDetector d = Detectors.of(settings).create(SyntheticSeries.STEP);
        Verdict v = null;
        for (int i = 0; i <= s.onset; i++) {
            v = d.observe(s.times[i], s.values[i]);
        }
        return v.anomaly();
    }

    @Test
    void higherSensitivityNarrowsTheBandAndFlagsMore() {
        SyntheticSeries s = SyntheticSeries.daily(Change.VARIANCE_CHANGE, 10, 2);
        StreamingDetector low = Detectors.of(DetectorSettings.defaults().withSensitivity(10)).create(300);
        StreamingDetector high = Detectors.of(DetectorSettings.defaults().withSensitivity(99)).create(300);
        Verdict l = null;
        Verdict h = null;
        for (int i = 0; i < s.length(); i++) {
            l = low.observe(s.times[i], s.values[i]);
            h = high.observe(s.times[i], s.values[i]);
        }
        assertEquals(l.expected(), h.expected(), 1e-12, "sensitivity does not change what is learned");
        assertTrue(h.upper() - h.lower() < l.upper() - l.lower());
        int flagsLow = flags(DetectorSettings.defaults().withSensitivity(10), s);
        int flagsDefault = flags(DetectorSettings.defaults(), s);
        int flagsHigh = flags(DetectorSettings.defaults().withSensitivity(99), s);
        assertTrue(flagsLow <= flagsDefault && flagsDefault < flagsHigh,
                flagsLow + " / " + flagsDefault + " / " + flagsHigh);
    }

    @Test
    void spikeOnlyIgnoresDipsAndDipOnlyIgnoresSpikes() {
        SyntheticSeries dip = SyntheticSeries.daily(Change.DIP, 10, 1);
        SyntheticSeries spike = SyntheticSeries.daily(Change.SPIKE, 10, 1);
        DetectorSettings spikes = DetectorSettings.defaults().withDirection(Direction.SPIKE);
        DetectorSettings dips = DetectorSettings.defaults().withDirection(Direction.DIP);
        assertTrue(flaggedAtOnset(dips, dip));
        assertTrue(!flaggedAtOnset(spikes, dip));
        assertTrue(flaggedAtOnset(spikes, spike));
        assertTrue(!flaggedAtOnset(dips, spike));
    }

    @Test
    void minimumDeviationSilencesSmallChanges() {
        SyntheticSeries spike = SyntheticSeries.daily(Change.SPIKE, 10, 1);
        assertTrue(flaggedAtOnset(DetectorSettings.defaults(), spike));
        assertTrue(!flaggedAtOnset(DetectorSettings.defaults().withMinDeviation(20, 0), spike));
        assertTrue(!flaggedAtOnset(DetectorSettings.defaults().withMinDeviation(0, 0.5), spike));
        assertTrue(flaggedAtOnset(DetectorSettings.defaults().withMinDeviation(2, 0.02), spike));
    }

    @Test
    void maxAnomalyRatioCapsTheShareOfFlags() {
        SyntheticSeries s = SyntheticSeries.daily(Change.VARIANCE_CHANGE, 10, 3);
        DetectorSettings sensitive = DetectorSettings.defaults().withSensitivity(99);
        int uncapped = flags(sensitive.withMaxAnomalyRatio(0.5), s);
        int capped = flags(sensitive.withMaxAnomalyRatio(0.005), s);
        assertTrue(uncapped > 3, "the case must produce flags to cap, had " + uncapped);
        assertTrue(capped < uncapped, capped + " vs " + uncapped);
    }

    @Test
    void severityIsZeroUnlessFlaggedAndAtLeastHalfWhenFlagged() {
        SyntheticSeries s = SyntheticSeries.daily(Change.SPIKE, 10, 2);
        StreamingDetector d = Detectors.standard().create(300);
        for (int i = 0; i < s.length(); i++) {
            Verdict v = d.observe(s.times[i], s.values[i]);
            assertTrue(v.anomaly() ? v.severity() >= 0.5 && v.severity() <= 1 : v.severity() == 0, "value " + i);
            assertTrue(v.score() >= 0 && Double.isFinite(v.score()));
        }
    }
}

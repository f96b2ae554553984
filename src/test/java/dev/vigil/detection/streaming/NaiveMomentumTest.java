package dev.vigil.detection.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.evaluation.TuningSweep;

/**
 * {@code momentum}: the first predictor carries on {@code momentum} of the last step. On a smooth wave (period
 * 50 values, not daily) that predictor has the smallest error, so the verdict's expected value is its prediction;
 * with the default the same predictor is the last value.
 */
class NaiveMomentumTest {

    private static final long STEP = 300;
    private static final long START = 1_388_966_400L;

    @Test
    void theFirstPredictorCarriesOnAShareOfTheLastStep() {
        assertEquals(0.25, LikelihoodTuning.defaults().momentum(), "v5's default");
        DetectorKind v4 = new LikelihoodDetectorKind(DetectorSettings.defaults(), TuningSweep.parse("momentum=0"));
        DetectorKind momentum = new LikelihoodDetectorKind(DetectorSettings.defaults(),
                TuningSweep.parse("momentum=0.5"));
        assertExpected(v4.create(STEP), 0);
        assertExpected(momentum.create(STEP), 0.5);
    }

    private static void assertExpected(StreamingDetector d, double share) {
        int n = 4 * 288;
        for (int i = 0; i < n; i++) {
            Verdict v = d.observe(START + i * STEP, wave(i));
            if (i == n - 1) {
                assertFalse(v.warmingUp());
                assertEquals(wave(i - 1) + share * (wave(i - 1) - wave(i - 2)), v.expected(), 1e-9);
            }
        }
    }

    private static double wave(int i) {
        return 100 * Math.sin(2 * Math.PI * i / 50.0);
    }
}

package dev.vigil.detection.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.evaluation.TuningSweep;

/**
 * Version 3 reports a confirmed level shift (the level feature re-bases the long-run mean) with reason {@code level}
 * even when the value surprise that announced the step still holds the recent peak; the pipeline stores such a
 * verdict as a change point. One step gives one such report, not one per re-base while the 24-value window fills.
 */
class LevelChangeReportTest {

    private static final DetectorSettings PIPELINE =
            DetectorSettings.defaults().withSensitivity(DetectorSettings.PIPELINE_SENSITIVITY);
    private static final long STEP = 300;
    private static final long START = 1_388_966_400L;
    private static final int ONSET = 9 * 288 + 100;

    @Test
    void aCleanStepIsReportedAsALevelChangeOnce() {
        DetectorKind v3 = new LikelihoodDetectorKind(PIPELINE);
        DetectorKind peakOnly = new LikelihoodDetectorKind(PIPELINE, TuningSweep.parse("reportChangePoints=false"));
        int missedWithoutReport = 0;
        for (long seed = 1; seed <= 4; seed++) {
            List<String> reasons = reasons(v3.create(STEP), seed);
            long level = reasons.stream().filter(Verdict.LEVEL::equals).count();
            assertEquals(1, level, "seed " + seed + ": after the step " + reasons);
            assertTrue(reasons.size() <= 3, "seed " + seed + ": one incident, reports " + reasons);
            missedWithoutReport += reasons(peakOnly.create(STEP), seed).contains(Verdict.LEVEL) ? 0 : 1;
        }
        // the report is what makes it: peak-relative reporting alone hides the confirmation behind the value alert
        assertTrue(missedWithoutReport >= 1, "without the report every seed still said level");
    }

    /** 12 days of N(50, 1), +5 from day 10; the reasons of the flags within 48 values of the step. */
    private static List<String> reasons(StreamingDetector d, long seed) {
        Random random = new Random(seed);
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 12 * 288; i++) {
            double value = 50 + random.nextGaussian() + (i >= ONSET ? 5 : 0);
            Verdict v = d.observe(START + i * STEP, value);
            if (v.anomaly() && i >= ONSET && i <= ONSET + 48) {
                reasons.add(v.reason());
            }
        }
        return reasons;
    }
}

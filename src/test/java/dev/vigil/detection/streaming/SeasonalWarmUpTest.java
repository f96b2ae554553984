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
 * Version 3 judges a series once three daily cycles have passed (besides its 288 values). The false alarm it removes
 * (NAB's art_daily_small_noise, day 3 at 09:00): a series that steps from 20 to 78 every morning; before the daily
 * predictor has seen a slot 3 times, the step is a residual of about 18 scales against the last value, and the
 * residual's tail has seen that step only once or twice, so the day-2 and day-3 mornings score 3 to 4.
 */
class SeasonalWarmUpTest {

    private static final DetectorSettings PIPELINE =
            DetectorSettings.defaults().withSensitivity(DetectorSettings.PIPELINE_SENSITIVITY);
    private static final long STEP = 300;
    private static final long START = 1_388_966_400L;

    @Test
    void dailyStepsAreNotFlaggedWhileTheDayIsBeingLearned() {
        DetectorKind v3 = new LikelihoodDetectorKind(PIPELINE);
        DetectorKind dayWarmUp = new LikelihoodDetectorKind(PIPELINE, TuningSweep.parse("warmUpCycles=0"));
        int mornings = 0;
        for (long seed = 1; seed <= 8; seed++) {
            List<Integer> early = flags(dayWarmUp.create(STEP), seed);
            mornings += early.contains(2 * 288 + 108) ? 1 : 0; // day 3, 09:00
            List<Integer> flags = flags(v3.create(STEP), seed);
            assertTrue(flags.stream().allMatch(i -> i >= 3 * 288), "seed " + seed + ": flags " + flags);
            assertTrue(flags.size() <= 5, "seed " + seed + ": 11 days of the learned day, flags " + flags);
        }
        // the mechanism is real: with a one-day warm-up the third morning is flagged for every seed
        assertEquals(8, mornings);
    }

    /** 14 days: 20 (sd 1) at night, 78 (sd 4) from 09:00 to 18:00. */
    private static List<Integer> flags(StreamingDetector d, long seed) {
        Random random = new Random(seed);
        List<Integer> flags = new ArrayList<>();
        for (int i = 0; i < 14 * 288; i++) {
            boolean day = i % 288 >= 108 && i % 288 < 216;
            double value = day ? 78 + 4 * random.nextGaussian() : 20 + random.nextGaussian();
            Verdict v = d.observe(START + i * STEP, value);
            if (v.anomaly()) {
                flags.add(i);
            }
        }
        return flags;
    }
}

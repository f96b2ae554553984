package dev.vigil.detection.streaming;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.evaluation.TuningSweep;

/**
 * Version 5: a value's seasonal slot is that of its nearest regular sampling time, so timestamps jittered around an
 * hourly grid keep their hour of the day. The same series with the slot taken by the clock alone (version 4) mixes
 * neighbouring hours and must fail the test.
 */
class JitteredSlotsTest {

    private static final DetectorSettings PIPELINE =
            DetectorSettings.defaults().withSensitivity(DetectorSettings.PIPELINE_SENSITIVITY);
    private static final long HOUR = 3600;
    private static final long START = 1_388_966_400L;
    private static final int DAYS = 40;

    @Test
    void jitteredHourlyValuesKeepTheirHourOfTheDay() {
        for (long seed = 1; seed <= 3; seed++) {
            Run centred = run(new LikelihoodDetectorKind(PIPELINE), seed);
            Run byClock = run(new LikelihoodDetectorKind(PIPELINE, TuningSweep.parse("centreSlots=false")), seed);
            // a daily square wave (0 at night, 100 by day, noise sd 2) sampled hourly, each time up to 20 minutes
            // early or late: the expected value (the band's centre) follows the hour's level (seen: 1.7 with noise
            // of mean absolute size 1.6)
            assertTrue(centred.meanError() < 2.5, "seed " + seed + ": " + centred.meanError());
            // by the clock, an early value at 07:00 (day) is learned and judged as 06:xx (night): seen 5.2 to 6.5
            assertTrue(byClock.meanError() > 2 * centred.meanError(), "seed " + seed + ": " + byClock.meanError());
        }
    }

    /** Mean |value - expected| over the last 20 days. */
    private record Run(double meanError) {
    }

    private static Run run(DetectorKind kind, long seed) {
        Random rnd = new Random(seed);
        StreamingDetector detector = kind.create(HOUR);
        double error = 0;
        int judged = 0;
        for (int i = 0; i < DAYS * 24; i++) {
            long t = START + i * HOUR + (long) ((rnd.nextDouble() * 2 - 1) * HOUR / 3);
            int hour = i % 24;
            double x = (hour >= 7 && hour < 19 ? 100 : 0) + 2 * rnd.nextGaussian();
            Verdict v = detector.observe(t, x);
            if (i >= (DAYS - 20) * 24 && !v.warmingUp()) {
                error += Math.abs(x - v.expected());
                judged++;
            }
        }
        return new Run(error / judged);
    }
}

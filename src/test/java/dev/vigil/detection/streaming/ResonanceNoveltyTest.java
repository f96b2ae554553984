package dev.vigil.detection.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.evaluation.TuningSweep;

/**
 * The adaptive-resonance member (off by default, tuning key {@code resonance}): a window shape the series never
 * showed is surprising, the shapes it repeats every day are not, and its state survives a snapshot.
 */
class ResonanceNoveltyTest {

    private static final long STEP = 300;
    private static final long START = 1_388_966_400L;
    private static final int DAY = 288;

    /** Daily swing of +-10 with noise sd 0.5; on day 10 the afternoon holds flat at the mean for 4 hours. */
    private static double value(Random random, int i, boolean plateau) {
        boolean flat = plateau && i >= 10 * DAY + 150 && i < 10 * DAY + 198;
        return 50 + (flat ? 0 : 10 * Math.sin(2 * Math.PI * i / DAY)) + 0.5 * random.nextGaussian();
    }

    private static double[] surprisals(boolean plateau, long seed) {
        ResonanceNovelty member = new ResonanceNovelty(0.9, STEP,
                new TailProbability(0.001, 2, 0.05, ResonanceNovelty.TAIL_WARM_UP, -0.5));
        Random random = new Random(seed);
        double[] s = new double[11 * DAY];
        for (int i = 0; i < s.length; i++) {
            s[i] = member.observe(START + i * STEP, value(random, i, plateau));
        }
        return s;
    }

    private static double max(double[] s, int from, int to) {
        double m = 0;
        for (int i = from; i < to; i++) {
            m = Math.max(m, s[i]);
        }
        return m;
    }

    @Test
    void aNewShapeIsSurprisingAndTheDailyOnesAreNot() {
        for (long seed = 1; seed <= 3; seed++) {
            double[] plain = surprisals(false, seed);
            double[] plateau = surprisals(true, seed);
            // judging starts after the probation and the tail's warm-up: 144 half-hour blocks, day 3
            assertEquals(0, max(plain, 0, 3 * DAY - 1), "seed " + seed);
            assertTrue(max(plain, 3 * DAY, 11 * DAY) < 3, "seed " + seed + ": " + max(plain, 3 * DAY, 11 * DAY));
            double atPlateau = max(plateau, 10 * DAY + 150, 10 * DAY + 210);
            assertTrue(atPlateau >= 4, "seed " + seed + ": " + atPlateau);
        }
    }

    @Test
    void theMemberJoinsTheDetectorAndSurvivesASnapshot() {
        // the member's 9 KB fit the budget beside the default's state without the weekly recurrence (v13's 1.5 KB)
        DetectorKind kind = new LikelihoodDetectorKind(DetectorSettings.defaults(),
                TuningSweep.parse("resonance=0.9,weeklyRecurrence=0"));
        StreamingDetector detector = kind.create(STEP);
        Random random = new Random(7);
        int cut = 6 * DAY + 17;
        for (int i = 0; i < cut; i++) {
            detector.observe(START + i * STEP, value(random, i, true));
        }
        byte[] snapshot = detector.snapshot();
        assertTrue(snapshot.length <= 16 * 1024, "state " + snapshot.length + " bytes");
        assertTrue(snapshot.length > new LikelihoodDetectorKind(DetectorSettings.defaults(),
                TuningSweep.parse("weeklyRecurrence=0")).create(STEP).snapshot().length + ResonanceNovelty.SIZE - 1);
        StreamingDetector restored = kind.restore(snapshot);
        for (int i = cut; i < 11 * DAY; i++) {
            double x = value(random, i, true);
            Verdict a = detector.observe(START + i * STEP, x);
            Verdict b = restored.observe(START + i * STEP, x);
            assertEquals(a, b, "value " + i);
        }
        assertArrayEquals(detector.snapshot(), restored.snapshot());
    }
}

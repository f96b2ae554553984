package dev.vigil.detection.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.Verdict;
import dev.vigil.evaluation.TuningSweep;

/**
 * Version 4 reports change points on seasonal series: a step smaller than the daily swing as {@code level} (with the
 * seasonal profiles re-based to the new level), and a change of slope as {@code trend} (with the long-run level
 * following the new slope). Each test also runs the detector without the new confirmation, which must fail it.
 */
class SeasonalChangePointTest {

    private static final DetectorSettings PIPELINE =
            DetectorSettings.defaults().withSensitivity(DetectorSettings.PIPELINE_SENSITIVITY);
    private static final DetectorKind V4 = new LikelihoodDetectorKind(PIPELINE);
    /** Without v4's confirmations, and without v6's repeat rule for flags, which withholds some of a rise's flags too. */
    private static final DetectorKind WITHOUT = new LikelihoodDetectorKind(PIPELINE,
            TuningSweep.parse("trends=false,seasonalShifts=false,flagRepeatMargin=0"));
    private static final long STEP = 300;
    private static final long START = 1_388_966_400L;
    private static final int DAY = 288;
    private static final int ONSET = 10 * DAY + 100;
    private static final int END = 20 * DAY;

    /** One judged value of a synthetic series. */
    private record Judged(int index, double truth, Verdict verdict) {
    }

    @Test
    void aStepSmallerThanTheDailySwingIsALevelChangeAndTheProfilesFollowIt() {
        for (long seed = 1; seed <= 4; seed++) {
            // daily swing of +-40, noise sd 2, +15 from day 10: 15 is a fifth of the swing, 7 noise sds
            List<Judged> v4 = run(V4, seed, 40, 15, 0);
            List<Judged> without = run(WITHOUT, seed, 40, 15, 0);
            assertEquals(1, reasons(v4, ONSET, ONSET + DAY, Verdict.LEVEL), "seed " + seed + ": " + flags(v4));
            assertEquals(0, reasons(without, ONSET, ONSET + DAY, Verdict.LEVEL), "seed " + seed);
            // after it, nothing about the new level; single noise values (3 to 4 in 10 days before the step) remain
            assertEquals(0, reasons(v4, ONSET + DAY, END, Verdict.LEVEL) + reasons(v4, ONSET + DAY, END, Verdict.SHAPE),
                    "seed " + seed + ": " + flags(v4));
            assertTrue(flagged(v4, ONSET + DAY, END) <= 4, "seed " + seed + ": " + flags(v4));
            // re-based: half a day later the expected value is the new level (a daily profile alone would have
            // learned 15 % of the step per day)
            assertTrue(meanError(v4, ONSET + DAY / 2, ONSET + DAY) < 3, "seed " + seed);
        }
    }

    @Test
    void aNewSlopeIsATrendChangeAndIsNotAlertedOnForDays() {
        int trends = 0;
        int levelAfterWithout = 0;
        for (long seed = 1; seed <= 4; seed++) {
            // daily swing of +-5, noise sd 2, from day 10 a rise of 300 a day (1 per 5-minute value)
            List<Judged> v4 = run(V4, seed, 5, 0, 300);
            List<Judged> without = run(WITHOUT, seed, 5, 0, 300);
            trends += reasons(v4, ONSET, ONSET + DAY / 2, Verdict.TREND) > 0 ? 1 : 0;
            assertTrue(flagged(v4, ONSET + DAY / 2, END) <= 1, "seed " + seed + ": " + flags(v4));
            levelAfterWithout += reasons(without, ONSET + 48, ONSET + DAY / 2, Verdict.LEVEL);
        }
        assertTrue(trends >= 3, "trend reported in " + trends + " of 4 seeds");
        assertTrue(levelAfterWithout >= 4, "without trends the rise kept raising level flags: " + levelAfterWithout);
    }

    private static List<Judged> run(DetectorKind kind, long seed, double swing, double step, double slopePerDay) {
        Random random = new Random(seed);
        var d = kind.create(STEP);
        List<Judged> out = new ArrayList<>();
        for (int i = 0; i < END; i++) {
            double truth = 100 + swing * Math.sin(2 * Math.PI * (i % DAY) / DAY)
                    + (i >= ONSET ? step + slopePerDay * (i - ONSET) / DAY : 0);
            out.add(new Judged(i, truth, d.observe(START + i * STEP, truth + 2 * random.nextGaussian())));
        }
        return out;
    }

    private static int reasons(List<Judged> run, int from, int to, String reason) {
        return (int) run.subList(from, to).stream()
                .filter(j -> j.verdict().anomaly() && reason.equals(j.verdict().reason())).count();
    }

    private static int flagged(List<Judged> run, int from, int to) {
        return (int) run.subList(from, to).stream().filter(j -> j.verdict().anomaly()).count();
    }

    private static double meanError(List<Judged> run, int from, int to) {
        return run.subList(from, to).stream().mapToDouble(j -> Math.abs(j.verdict().expected() - j.truth()))
                .average().orElseThrow();
    }

    private static List<String> flags(List<Judged> run) {
        return run.stream().filter(j -> j.verdict().anomaly() && j.index() >= ONSET)
                .map(j -> (j.index() - ONSET) + ":" + j.verdict().reason()).toList();
    }
}

package dev.vigil.detection.streaming;

import static dev.vigil.detection.streaming.PipelineKinds.kind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;

/**
 * Version 8's {@code fullWindows}: after a gap that empties the recent window, the level and seasonal features wait
 * for a full window, so the mean of the first values after the gap is not judged against the tails of full-window
 * means (v7 flagged almost one gap in two on white noise, some at the largest surprisal); a level shift after a
 * gap is still found; series without long gaps are judged exactly as before.
 */
class GapWindowsTest {

    private static final long STEP = 300;
    private static final int DAY = 288;
    /** A 6-hour gap: far more than the window's 24 steps. */
    private static final int GAP = 72;

    /** Steps of a 14-day series with four 6-hour gaps after day 3 (seeded). */
    private static List<Integer> gappedSteps(Random r) {
        int n = 14 * DAY;
        List<Integer> gaps = new ArrayList<>();
        while (gaps.size() < 4) {
            int g = 3 * DAY + r.nextInt(n - 4 * DAY);
            if (gaps.stream().allMatch(o -> Math.abs(o - g) > 2 * GAP)) {
                gaps.add(g);
            }
        }
        List<Integer> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int at = i;
            if (gaps.stream().noneMatch(g -> at >= g && at < g + GAP)) {
                steps.add(i);
            }
        }
        return steps;
    }

    /** Flags among the first window's worth of values after each gap. */
    private static int flagsAfterGaps(StreamingDetector d, List<Integer> steps, double[] x) {
        int flags = 0;
        int lastGapAt = Integer.MIN_VALUE / 2;
        for (int k = 0; k < steps.size(); k++) {
            int i = steps.get(k);
            if (k > 0 && i - steps.get(k - 1) > 1) {
                lastGapAt = k;
            }
            Verdict v = d.observe(1_700_000_000L + i * STEP, x[i]);
            flags += v.anomaly() && k - lastGapAt < LikelihoodDetector.LEVEL_WINDOW ? 1 : 0;
        }
        return flags;
    }

    @Test
    void whiteNoiseIsNotFlaggedAfterGaps() {
        assertTrue(LikelihoodTuning.defaults().fullWindows(), "v8's default");
        int with = 0;
        int without = 0;
        for (long seed = 1; seed <= 16; seed++) {
            Random r = new Random(seed);
            double[] x = new double[14 * DAY];
            for (int i = 0; i < x.length; i++) {
                x[i] = seed % 2 == 0 ? 10 + r.nextGaussian() : 8 + 11 * r.nextDouble();
            }
            List<Integer> steps = gappedSteps(r);
            with += flagsAfterGaps(kind("").create(STEP), steps, x);
            without += flagsAfterGaps(kind("fullWindows=false").create(STEP), steps, x);
        }
        // 64 gaps; measured: 1 with the rule, 29 without (v7)
        assertTrue(with <= 3 && without >= 15,
                "flags within 24 values after 64 gaps: " + with + " with the rule, " + without + " without");
    }

    @Test
    void aLevelShiftAfterAGapIsStillFound() {
        Random r = new Random(5);
        StreamingDetector d = kind("").create(STEP);
        int n = 10 * DAY;
        boolean found = false;
        for (int i = 0; i < n; i++) {
            if (i >= 7 * DAY && i < 7 * DAY + GAP) {
                continue;
            }
            double x = 10 + r.nextGaussian() + (i >= 7 * DAY + GAP ? 8 : 0);
            Verdict v = d.observe(1_700_000_000L + i * STEP, x);
            found |= i >= 7 * DAY + GAP && i < 7 * DAY + GAP + 2 * LikelihoodDetector.LEVEL_WINDOW && v.anomaly();
        }
        assertTrue(found, "a shift of 8 standard deviations right after a gap is flagged within two windows");
    }

    @Test
    void seriesWithoutLongGapsAreJudgedAsBefore() {
        Random r = new Random(11);
        double[] x = new double[6 * DAY];
        for (int i = 0; i < x.length; i++) {
            x[i] = 50 + 10 * Math.sin(2 * Math.PI * i / DAY) + r.nextGaussian();
        }
        StreamingDetector a = kind("").create(STEP);
        StreamingDetector b = kind("fullWindows=false").create(STEP);
        double[] sa = new double[x.length];
        double[] sb = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            // a short gap (12 steps) keeps the window
            long t = 1_700_000_000L + (i < 4 * DAY ? i : i + 12) * STEP;
            sa[i] = a.observe(t, x[i]).score();
            sb[i] = b.observe(t, x[i]).score();
        }
        assertArrayEquals(sb, sa, 0.0);
        assertTrue(new LikelihoodDetectorKind(DetectorSettings.defaults()).version() >= 8, "the rule came with v8");
    }
}

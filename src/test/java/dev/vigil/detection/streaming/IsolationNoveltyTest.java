package dev.vigil.detection.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.Direction;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.evaluation.TuningSweep;

/**
 * The isolation member (version 10): a value in a gap the series never visits is surprising although every predictor's
 * band holds it, ordinary values are not, and the member's state survives a snapshot exactly.
 */
class IsolationNoveltyTest {

    private static final long STEP = 60;
    private static final long START = 1_388_966_400L;
    /** The pipeline's operating point (sensitivity 96). */
    private static final DetectorSettings PIPELINE = new DetectorSettings(DetectorSettings.PIPELINE_SENSITIVITY, 0.25,
            Direction.BOTH, 0, 0, DetectorSettings.DEFAULT_WARM_UP_POINTS, Optional.empty());

    private static IsolationNovelty member() {
        return new IsolationNovelty(256, 64, new TailProbability(0.001, 2, 0.05, 200, -0.5));
    }

    /**
     * A metric that jumps between two levels, 0 and 10, at random (a queue, a pool, a flag), with a little noise: the
     * predictors' errors are routinely 10, so a value of 5 is no surprise to them.
     */
    private static double toggling(Random random, int i) {
        return (random.nextInt(3) == 0 ? 10 : 0) + 0.05 * random.nextGaussian();
    }

    @Test
    void theDepthIsShortForAnOutlierAndAboutTheAverageSearchInsideTheBulk() {
        IsolationNovelty m = member();
        Random random = new Random(1);
        for (int i = 0; i < 256; i++) {
            m.observe(random.nextGaussian());
        }
        assertTrue(m.depth(50) < 2, "outlier " + m.depth(50));
        double c = IsolationNovelty.averageDepth(256);
        assertTrue(Math.abs(m.depth(0) - c) < 0.35 * c, "median " + m.depth(0) + " against " + c);
        assertTrue(m.depth(50) < m.depth(3) && m.depth(3) < m.depth(0));
    }

    @Test
    void aValueInAGapTheSeriesNeverVisitsIsSurprising() {
        for (long seed = 1; seed <= 3; seed++) {
            IsolationNovelty m = member();
            Random random = new Random(seed);
            double ordinary = 0;
            for (int i = 0; i < 3000; i++) {
                double s = m.observe(toggling(random, i));
                ordinary = i >= 1000 ? Math.max(ordinary, s) : ordinary;
            }
            double gap = m.observe(5);
            assertTrue(gap >= 4, "seed " + seed + ": gap " + gap);
            assertTrue(ordinary < 3.5, "seed " + seed + ": ordinary " + ordinary);
        }
    }

    @Test
    void theDetectorFlagsTheGapValueWithReasonRareAndWithoutTheMemberItDoesNot() {
        // the pipeline's sensitivity (96: surprisal 3)
        Verdict with = lastVerdict(new LikelihoodDetectorKind(PIPELINE));
        Verdict without = lastVerdict(new LikelihoodDetectorKind(PIPELINE, TuningSweep.parse("isolation=0")));
        assertTrue(with.anomaly(), with.toString());
        assertEquals(Verdict.RARE, with.reason());
        assertFalse(without.anomaly(), without.toString());
    }

    @Test
    void theMemberJudgesDataThatComesEveryHalfHourOrFasterWhateverTheWindowSize() {
        // at hourly steps the sample spans 11 days, and its new extremes are mostly the season (isolationMaxStep)
        LikelihoodDetectorKind kind = new LikelihoodDetectorKind(PIPELINE);
        assertEquals(1800, kind.tuning().isolationMaxStep());
        LikelihoodDetectorKind always = new LikelihoodDetectorKind(PIPELINE, TuningSweep.parse("isolationMaxStep=0"));
        Verdict halfHourly = lastVerdict(kind, 1800, 1800);
        assertTrue(halfHourly.anomaly() && Verdict.RARE.equals(halfHourly.reason()), halfHourly.toString());
        assertNotEquals(Verdict.RARE, lastVerdict(kind, 3600, 3600).reason());
        // hourly readings in the pipeline's 5-minute windows: the data's step counts, not the window's
        assertNotEquals(Verdict.RARE, lastVerdict(kind, 300, 3600).reason());
        assertNotEquals(Verdict.RARE, lastVerdict(kind, 300, 86_400).reason());
        assertEquals(Verdict.RARE, lastVerdict(always, 300, 3600).reason());
        assertEquals(Verdict.RARE, lastVerdict(always, 3600, 3600).reason());
    }

    private static Verdict lastVerdict(DetectorKind kind) {
        return lastVerdict(kind, STEP, STEP);
    }

    /** The gap value after 4 x 1,440 toggling values {@code step} apart, to a detector of that window size. */
    private static Verdict lastVerdict(DetectorKind kind, long window, long step) {
        return lastVerdict(kind, window, step, 5);
    }

    /** The verdict on {@code last} after 4 x 1,440 toggling values {@code step} apart. */
    private static Verdict lastVerdict(DetectorKind kind, long window, long step, double last) {
        StreamingDetector d = kind.create(window);
        Random random = new Random(5);
        int n = 4 * 1440;
        for (int i = 0; i < n; i++) {
            d.observe(START + i * step, toggling(random, i));
        }
        return d.observe(START + n * step, last);
    }

    @Test
    void aDetectorRebuiltFromAWeekOfHistoryJudgesTheGapAsOneThatSawItLive() {
        // the rebuild after an upgrade (learn) lets the member judge only the last values, as cheaply as that is
        int n = 2016; // DetectorChoice.REBUILD_WINDOWS: a week of 5-minute windows
        long[] epochs = new long[n];
        double[] values = new double[n];
        Random random = new Random(5);
        for (int i = 0; i < n; i++) {
            epochs[i] = START + i * 300L;
            values[i] = toggling(random, i);
        }
        DetectorKind kind = new LikelihoodDetectorKind(PIPELINE);
        StreamingDetector live = kind.create(300);
        for (int i = 0; i < n; i++) {
            live.observe(epochs[i], values[i]);
        }
        StreamingDetector rebuilt = kind.create(300);
        rebuilt.learn(epochs, values);
        long next = START + n * 300L;
        for (StreamingDetector d : List.of(live, rebuilt)) {
            Verdict gap = d.observe(next, 5);
            assertTrue(gap.anomaly() && Verdict.RARE.equals(gap.reason()), gap.toString());
            assertFalse(d.observe(next + 300, 10.02).anomaly());
        }
    }

    @Test
    void aNewExtremeWithinAFewOrdinaryStepsIsNotJudgedOneFarBeyondIs() {
        // a random walk at the edge of its last 256 values makes new extremes in ordinary steps (isolationMargin)
        double margin = 7 * Math.sqrt(2 / Math.PI); // 7 mean absolute steps of a unit random walk
        double near = 0;
        for (long seed = 1; seed <= 5; seed++) {
            IsolationNovelty judged = member();
            IsolationNovelty gated = member();
            Random random = new Random(seed);
            double[] last = new double[256];
            double x = 0;
            for (int i = 0; i < 2000; i++) {
                x += random.nextGaussian();
                last[i % 256] = x;
                judged.observe(x);
                gated.observe(x, margin);
            }
            double max = Arrays.stream(last).max().orElseThrow();
            double min = Arrays.stream(last).min().orElseThrow();
            near += judged.observe(max + 3);
            assertEquals(0, gated.observe(max + 3, margin), "seed " + seed + ": just above the range");
            assertEquals(0, gated.observe(min - 3, margin), "seed " + seed + ": just below the range");
            double far = gated.observe(max + 3 * (max - min), margin);
            assertTrue(far >= 4, "seed " + seed + ": far beyond the range " + far);
        }
        assertTrue(near > 0, "without the margin the near extremes were judged: " + near);
    }

    @Test
    void theMarginKeepsJudgingAGap() {
        IsolationNovelty m = member();
        Random random = new Random(2);
        double margin = 7 * 10 * 4 / 9.0; // 7 mean steps of the toggling metric (a jump of 10 at 4 values in 9)
        for (int i = 0; i < 1200; i++) {
            m.observe(toggling(random, i), margin);
        }
        assertTrue(m.observe(5, margin) >= 4, "a value between the levels lies inside the range");
    }

    @Test
    void theDetectorMeasuresTheMarginInTheSeriesOwnSteps() {
        LikelihoodDetectorKind kind = new LikelihoodDetectorKind(PIPELINE);
        assertEquals(7, kind.tuning().isolationMargin());
        LikelihoodDetectorKind ungated = new LikelihoodDetectorKind(PIPELINE, TuningSweep.parse("isolationMargin=0"));
        // the toggling metric's typical step is about 4.4 (a jump of 10 at 4 values in 9): 14 lies 4 above its range
        Verdict without = lastVerdict(ungated, STEP, STEP, 14);
        Verdict with = lastVerdict(kind, STEP, STEP, 14);
        assertTrue(without.anomaly() && Verdict.RARE.equals(without.reason()), without.toString());
        assertFalse(Verdict.RARE.equals(with.reason()), with.toString());
    }

    @Test
    void ordinaryNoiseRarelyReachesAFlag() {
        IsolationNovelty m = member();
        Random random = new Random(11);
        int high = 0;
        int judged = 20_000;
        for (int i = 0; i < 500 + judged; i++) {
            double s = m.observe(random.nextGaussian());
            high += i >= 500 && s >= 3 ? 1 : 0;
        }
        // a surprisal of 3 is a one-in-1,000 value: allow twice that
        assertTrue(high <= 2 * judged / 1000, high + " of " + judged);
    }

    @Test
    void theStateSurvivesASnapshotExactly() {
        DetectorKind kind = new LikelihoodDetectorKind(DetectorSettings.defaults());
        StreamingDetector detector = kind.create(STEP);
        Random random = new Random(3);
        int cut = 3 * 1440 + 17;
        for (int i = 0; i < cut; i++) {
            detector.observe(START + i * STEP, toggling(random, i));
        }
        byte[] snapshot = detector.snapshot();
        assertTrue(snapshot.length <= 16 * 1024, "state " + snapshot.length + " bytes");
        StreamingDetector restored = kind.restore(snapshot);
        for (int i = cut; i < 5 * 1440; i++) {
            double x = i == 4 * 1440 ? 5 : toggling(random, i);
            assertEquals(detector.observe(START + i * STEP, x), restored.observe(START + i * STEP, x), "value " + i);
        }
        assertArrayEquals(detector.snapshot(), restored.snapshot());
    }

    @Test
    void aCorruptSampleIsRejected() {
        DetectorKind kind = new LikelihoodDetectorKind(DetectorSettings.defaults());
        StreamingDetector detector = kind.create(STEP);
        for (int i = 0; i < 300; i++) {
            detector.observe(START + i * STEP, i % 5);
        }
        byte[] snapshot = detector.snapshot();
        int at = snapshot.length - IsolationNovelty.size(256);
        byte[] bad = Arrays.copyOf(snapshot, snapshot.length);
        bad[at] = 0x7f; // the sample's count far beyond its size
        assertThrows(IllegalArgumentException.class, () -> kind.restore(bad));
        assertThrows(IllegalArgumentException.class, () -> kind.restore(Arrays.copyOf(snapshot, snapshot.length - 9)));
    }
}

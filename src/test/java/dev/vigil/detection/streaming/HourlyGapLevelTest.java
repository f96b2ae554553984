package dev.vigil.detection.streaming;

import static dev.vigil.detection.streaming.PipelineKinds.kind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;

/**
 * Version 8's {@code gapSpan} (2): on hourly data the level window of 24 values spans exactly one
 * day, so its mean is free of the daily cycle; a gap of a few hours (fewer than the 24 steps that empty the window)
 * leaves some hours of the day in the window twice and others not at all, the mean moves by up to two thirds of the
 * daily swing, and without the rule the level feature flags it. With it the level feature skips such windows; a level shift on
 * hourly data is still found, and 5-minute data is judged exactly as without it.
 */
class HourlyGapLevelTest {

    private static final long HOUR = 3600;
    private static final int DAYS = 30;

    /** Hourly steps of a 30-day series with eight gaps of 4 to 20 hours after day 13 (seeded). */
    private static List<Integer> gappedHours(Random r) {
        int n = DAYS * 24;
        boolean[] keep = new boolean[n];
        java.util.Arrays.fill(keep, true);
        for (int g = 0; g < 8; g++) {
            int at = 13 * 24 + r.nextInt(n - 14 * 24);
            int len = 4 + r.nextInt(17);
            for (int j = at; j < at + len && j < n; j++) {
                keep[j] = false;
            }
        }
        List<Integer> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                steps.add(i);
            }
        }
        return steps;
    }

    /** Level flags among the first day's worth of values after each gap. */
    private static int levelFlagsAfterGaps(StreamingDetector d, List<Integer> steps, double[] x) {
        int flags = 0;
        int sinceGap = Integer.MAX_VALUE;
        for (int k = 0; k < steps.size(); k++) {
            int i = steps.get(k);
            if (k > 0 && i - steps.get(k - 1) > 1) {
                sinceGap = 0;
            } else if (sinceGap < Integer.MAX_VALUE) {
                sinceGap++;
            }
            Verdict v = d.observe(1_700_006_400L + i * HOUR, x[i]);
            flags += v.anomaly() && Verdict.LEVEL.equals(v.reason()) && sinceGap < 24 ? 1 : 0;
        }
        return flags;
    }

    @Test
    void aDailyCycleWithGapsOfHoursRaisesNoLevelFlags() {
        assertEquals(2, LikelihoodTuning.defaults().gapSpan(), "v8's default");
        int with = 0;
        int without = 0;
        for (long seed = 1; seed <= 16; seed++) {
            Random r = new Random(seed);
            double[] x = new double[DAYS * 24];
            double amp = 5 + 10 * r.nextDouble();
            for (int i = 0; i < x.length; i++) {
                x[i] = 50 + amp * Math.sin(2 * Math.PI * i / 24) + r.nextGaussian();
            }
            List<Integer> steps = gappedHours(r);
            with += levelFlagsAfterGaps(kind("").create(HOUR), steps, x);
            without += levelFlagsAfterGaps(kind("gapSpan=0").create(HOUR), steps, x);
        }
        // 128 gaps; measured: 0 with the rule, 18 without
        assertTrue(with <= 2 && without >= 9,
                "level flags within a day after 128 gaps: " + with + " with the rule, " + without + " without");
    }

    @Test
    void anHourlyLevelShiftIsStillFound() {
        Random r = new Random(5);
        StreamingDetector d = kind("").create(HOUR);
        int n = DAYS * 24;
        int shift = 22 * 24 + 7;
        boolean found = false;
        for (int i = 0; i < n; i++) {
            if (i >= 20 * 24 && i < 20 * 24 + 6) {
                continue; // a 6-hour gap two days before the shift
            }
            double x = 50 + 10 * Math.sin(2 * Math.PI * i / 24) + r.nextGaussian() + (i >= shift ? 8 : 0);
            Verdict v = d.observe(1_700_006_400L + i * HOUR, x);
            found |= i >= shift && i < shift + 48 && v.anomaly();
        }
        assertTrue(found, "a shift of 8 noise sds on an hourly daily cycle is flagged within two days");
    }

    @Test
    void fiveMinuteDataIsJudgedAsBefore() {
        Random r = new Random(11);
        int day = 288;
        double[] x = new double[6 * day];
        for (int i = 0; i < x.length; i++) {
            x[i] = 50 + 10 * Math.sin(2 * Math.PI * i / day) + r.nextGaussian();
        }
        StreamingDetector a = kind("").create(300);
        StreamingDetector b = kind("gapSpan=0").create(300);
        for (int i = 0; i < x.length; i++) {
            // a gap of 12 steps every half day: the window spans two hours, far less than a quarter of the day
            long t = 1_700_006_400L + (i + 12L * (i / 144)) * 300;
            assertEquals(b.observe(t, x[i]).score(), a.observe(t, x[i]).score(), 0.0, "value " + i);
        }
        assertArrayEquals(b.snapshot(), a.snapshot());
    }
}

package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class DynamicThresholdTest {

    @Test
    void criticalValueIsOneTailed() {
        // m = 3, α = 0.05: t(0.98333, 1) = tan(π·0.48333) → λ ≈ 1.1531 (the two-tailed value would be ≈ 1.1543)
        assertEquals(1.1531, DynamicThreshold.criticalValue(3, 0.05), 2e-4);
        assertEquals(0, DynamicThreshold.criticalValue(2, 0.05));
        assertTrue(DynamicThreshold.criticalValue(1000, 0.05) > DynamicThreshold.criticalValue(100, 0.05));
    }

    @Test
    void maxOutliersRoundsUpAndStaysBelowHalf() {
        assertEquals(5, DynamicThreshold.maxOutliers(29, 0.15));
        assertEquals(1, DynamicThreshold.maxOutliers(100, 0.001));
        assertEquals(4, DynamicThreshold.maxOutliers(10, 0.49));
    }

    @Test
    void sortedMadMatchesTheDirectMad() {
        Random r = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(40);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextInt(5) == 0 ? 3 : r.nextGaussian(); // with ties
            }
            Arrays.sort(v);
            if (trial % 2 == 1) {
                for (int i = 0; i < n / 2; i++) {
                    double t = v[i];
                    v[i] = v[n - 1 - i];
                    v[n - 1 - i] = t;
                }
            }
            int from = r.nextInt(n);
            double[] run = Arrays.copyOfRange(v, from, n);
            double median = Filters.median(run);
            assertEquals(Filters.mad(run), DynamicThreshold.sortedMad(v, from, n, median), 1e-12);
        }
    }

    @Test
    void medianBySelectionMatchesSorting() {
        Random r = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(60);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextInt(4) == 0 ? 1 : r.nextGaussian();
            }
            assertEquals(Filters.median(v), Filters.medianInPlace(v.clone()), 0);
        }
    }

    @Test
    void interpolationFillsGapsAndEnds() {
        double[] y = {Double.NaN, 1, Double.NaN, Double.NaN, 4, Double.NaN};
        assertArrayEquals(new double[]{1, 1, 2, 3, 4, 4}, DynamicThreshold.interpolate(y), 1e-12);
    }

    @Test
    void theWelchPeriodogramFindsASineWavesPeriod() {
        double[] y = new double[600];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(2 * Math.PI * i / 20) + 0.01 * i;
        }
        assertEquals(20, DynamicThreshold.guessTrendPeriod(y), 1);
    }

    @Test
    void aConstantSeriesHasNoAnomalyAndItsValueAsExpected() {
        double[] y = new double[50];
        Arrays.fill(y, 3);
        DynamicThreshold.Result r = DynamicThreshold.detect(y, 0.25, 0.05, false);
        for (int i = 0; i < y.length; i++) {
            assertFalse(r.anomaly()[i]);
            assertEquals(3, r.expected()[i], 1e-9);
        }
    }

    @Test
    @Tag("statistical")
    void spikesInNoiseAreFlaggedAndLeftOutOfTheTrend() {
        Random r = new Random(42);
        double[] y = new double[400];
        for (int i = 0; i < y.length; i++) {
            y[i] = 10 + 0.2 * r.nextGaussian();
        }
        y[100] = 16;
        y[250] = 4;
        DynamicThreshold.Result res = DynamicThreshold.detect(y, 0.25, 0.05, false);
        assertTrue(res.anomaly()[100]);
        assertTrue(res.anomaly()[250]);
        int flagged = 0;
        for (boolean b : res.anomaly()) {
            flagged += b ? 1 : 0;
        }
        assertTrue(flagged <= 6, "flagged " + flagged);
        assertEquals(10, res.expected()[100], 0.3);
        assertEquals(10, res.expected()[250], 0.3);
    }

    /**
     * The Welch segment is ⌊n/2⌋ points for a short series (the current {@code seasonal} release), and a period of
     * exactly that length is the segment's artifact: an odd-length series loses it too.
     */
    @Test
    void periodOfTheSegmentLengthIsDiscardedForOddLengths() {
        double[] y = new double[29];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(2 * Math.PI * i / 14) + 0.3 * Math.sin(2 * Math.PI * i / 7);
        }
        double[] peaks = DynamicThreshold.periodogramPeaks(y, 4, 9, 0.9);
        assertTrue(peaks != null && peaks.length >= 2);
        for (int i = 0; i < peaks.length; i += 2) {
            assertTrue(peaks[i] != 14, "period 14 kept");
        }
    }
}

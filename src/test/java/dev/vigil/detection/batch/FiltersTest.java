package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FiltersTest {

    @Test
    void movingMedianMatchesABruteForceMedianIncludingTheShrunkEnds() {
        Random rnd = new Random(7);
        double[] x = rnd.doubles(101, -5, 5).toArray();
        for (int window : new int[] {1, 2, 4, 5, 24, 101, 300}) {
            double[] fast = Filters.movingMedian(x, window);
            int half = (window | 1) / 2;
            for (int i = 0; i < x.length; i++) {
                double[] w = Arrays.copyOfRange(x, Math.max(0, i - half), Math.min(x.length, i + half + 1));
                assertEquals(Filters.median(w), fast[i], 1e-12, "window " + window + " at " + i);
            }
        }
    }

    @Test
    void movingMeanOfALineIsTheLineAwayFromTheEnds() {
        double[] x = {0, 1, 2, 3, 4, 5, 6};
        double[] m = Filters.movingMean(x, 3);
        assertArrayEquals(new double[] {0.5, 1, 2, 3, 4, 5, 5.5}, m, 1e-12);
    }

    @Test
    void madIsRobustToOneOutlier() {
        assertEquals(1.0, Filters.mad(new double[] {1, 2, 3, 4, 1000}), 1e-12);
        assertEquals(0.0, Filters.mad(new double[] {3, 3, 3, 3}), 0);
    }

    @Test
    void ascendingOrderIsTheStableSortOfTheIndices() {
        Random rnd = new Random(17);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(400);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                // coarse values for ties, signed zeros and infinities for Double.compare's corners
                v[i] = switch (rnd.nextInt(8)) {
                    case 0 -> 0.0;
                    case 1 -> -0.0;
                    case 2 -> rnd.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                    default -> Math.round(rnd.nextGaussian() * 4) / 2.0;
                };
            }
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, (a, b) -> Double.compare(v[a], v[b]));
            assertArrayEquals(boxed, Filters.ascendingOrder(v), "trial " + trial);
        }
    }
}

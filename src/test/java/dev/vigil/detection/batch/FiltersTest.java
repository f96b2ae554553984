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
}

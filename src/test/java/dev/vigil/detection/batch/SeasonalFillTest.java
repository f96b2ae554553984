package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeasonalFillTest {

    @Test
    void aLongGapInAnExactCycleIsFilledFromTheSameHourOfOtherCycles() {
        double[] grid = new double[96];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = 10 + i % 24;
        }
        Arrays.fill(grid, 30, 40, Double.NaN); // 10 points: longer than 6 and than a quarter cycle
        double[] filled = SeasonalFill.fill(grid, 24);
        for (int i = 30; i < 40; i++) {
            assertEquals(10 + i % 24, filled[i], 1e-12, "filled at " + i);
        }
    }

    @Test
    void aShortGapIsFilledLinearly() {
        double[] grid = new double[96];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = 10 + i % 24;
        }
        grid[50] = Double.NaN;
        grid[51] = Double.NaN;
        double[] filled = SeasonalFill.fill(grid, 24);
        assertEquals(grid[49] + (grid[52] - grid[49]) / 3, filled[50], 1e-12);
    }

    @Test
    void anExactCycleWithAFilledGapIsReproducedExactly() {
        double[] grid = new double[48];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = 10 + i % 4;
        }
        Arrays.fill(grid, 10, 20, Double.NaN);
        double[] x = SeasonalFill.fill(grid, 4);
        BatchResult r = BatchDetector.detectEntire(x, new BatchSettings(4, 99, 0.25, false));
        for (int i = 0; i < x.length; i++) {
            assertEquals(10 + i % 4, r.expected()[i], 1e-6, "expected at " + i);
        }
        assertEquals(0, r.anomalyCount());
    }
}

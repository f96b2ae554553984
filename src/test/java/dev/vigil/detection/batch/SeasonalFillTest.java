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
    void shortGapsFollowTheSplineThroughAllKnownPointsNotTheStraightLine() {
        double[] grid = new double[96];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = 10 + 5 * Math.sin(2 * Math.PI * i / 24);
        }
        double line4 = grid[3] + (grid[6] - grid[3]) / 3;
        grid[4] = Double.NaN;
        grid[5] = Double.NaN;
        grid[40] = Double.NaN;
        grid[41] = Double.NaN;
        grid[42] = Double.NaN;
        double[] filled = SeasonalFill.fill(grid, 24);
        // reference: an independent dense not-a-knot solve in numpy through the 91 known points (see the report)
        assertEquals(14.32424621611049, filled[4], 1e-9);
        assertEquals(14.823665618713136, filled[5], 1e-9);
        assertEquals(5.683316244723136, filled[40], 1e-9);
        assertEquals(5.192245907963801, filled[41], 1e-9);
        assertEquals(5.013761857878047, filled[42], 1e-9);
        assertEquals(14.0237, line4, 1e-4); // the straight line the fill no longer takes
    }

    @Test
    void aShortGapInAMonotoneStretchWhereTheSplineOvershootsIsFilledLinearly() {
        double[] grid = new double[48];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = i % 8 < 4 ? 0 : 10;
        }
        grid[30] = 20; // widens the global range, so the clip alone would not catch the overshoot
        grid[5] = Double.NaN; // the spline gives 11.80 there; the points around run 0, 10, 10, 10
        double[] filled = SeasonalFill.fill(grid, 8);
        assertEquals(10, filled[5], 1e-12);
    }

    @Test
    void aSplineFillIsClippedToTheRangeOfTheKnownValues() {
        double[] grid = new double[48];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = i % 8 == 3 ? 10 : 0;
        }
        grid[4] = Double.NaN;
        grid[5] = Double.NaN; // around: 0, 10, 0, 0 (not monotone); the spline gives 11.48 and 5.44
        double[] filled = SeasonalFill.fill(grid, 8);
        assertEquals(10, filled[4], 1e-12);
        assertEquals(5.438625991508424, filled[5], 1e-9);
    }

    @Test
    void theFirstPointTakesNoPartInTheMonotoneTest() {
        double[] grid = new double[48];
        int[] cycle = {0, 0, 0, 10, 10, 10, 10, 0};
        for (int i = 0; i < grid.length; i++) {
            grid[i] = cycle[i % 8];
        }
        grid[29] = -10;
        grid[30] = 20;
        grid[1] = Double.NaN;
        // around index 1: -1 does not exist and 0 is left out as in the service's code, leaving 0 (at 2) and 10
        // (at 3), too few for the monotone test; so the spline's -8.99 stays (inside the clip range -10..20), where
        // counting index 0 would have made the stretch monotone and the fill linear (0)
        double[] filled = SeasonalFill.fill(grid, 8);
        assertEquals(-8.98939823643723, filled[1], 1e-9);
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

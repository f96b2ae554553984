package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NotAKnotSplineTest {

    private static double cubic(double t) {
        return 2 - 3 * t + 0.5 * t * t - 0.25 * t * t * t;
    }

    @Test
    void aCubicIsReproducedExactlyOnUnevenKnots() {
        // a not-a-knot spline is exact for cubics (a natural spline is not: its ends have zero curvature)
        double[] x = {-2, -1.5, 0, 0.25, 1, 3, 3.5, 6};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = cubic(x[i]);
        }
        NotAKnotSpline s = new NotAKnotSpline(x, y);
        for (double t = -2; t <= 6; t += 0.125) {
            assertEquals(cubic(t), s.value(t), 1e-9, "at " + t);
        }
    }

    @Test
    void fourKnotsGiveTheOneCubicThroughThem() {
        double[] x = {0, 1, 3, 4};
        double[] y = {cubic(0), cubic(1), cubic(3), cubic(4)};
        NotAKnotSpline s = new NotAKnotSpline(x, y);
        assertEquals(cubic(2), s.value(2), 1e-12);
        assertEquals(cubic(0.5), s.value(0.5), 1e-12);
    }

    @Test
    void matchesAnIndependentDenseSolve() {
        // reference: numpy.linalg.solve of the full 4(n-1) system for the per-interval coefficients
        // (interpolation, C1 and C2 at interior knots, C3 at x1 and x(n-2)); the script is in the branch report
        double[] x = {0, 1, 2, 4, 5, 7, 8, 9};
        double[] y = {3, -1, 2, 5, 0, 1, 4, 2};
        NotAKnotSpline s = new NotAKnotSpline(x, y);
        assertEquals(-0.3228744939271252, s.value(0.5), 1e-12);
        assertEquals(0.07287449392712567, s.value(1.5), 1e-12);
        assertEquals(5.417004048582997, s.value(3), 1e-12);
        assertEquals(-1.3906882591093122, s.value(6), 1e-12);
        assertEquals(4.013663967611335, s.value(8.5), 1e-12);
        for (int i = 0; i < x.length; i++) {
            assertEquals(y[i], s.value(x[i]), 1e-12, "knot " + i);
        }
    }

    @Test
    void rejectsTooFewOrUnorderedKnots() {
        assertThrows(IllegalArgumentException.class,
                () -> new NotAKnotSpline(new double[] {0, 1, 2}, new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class,
                () -> new NotAKnotSpline(new double[] {0, 2, 1, 3}, new double[] {1, 2, 3, 4}));
    }
}

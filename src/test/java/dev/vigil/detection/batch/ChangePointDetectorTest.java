package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ChangePointDetectorTest {

    private static int[] changes(ChangePointResult r) {
        return IntStream.range(0, r.changePoint().length).filter(i -> r.changePoint()[i]).toArray();
    }

    @Test
    void oneLevelShiftGivesOneChangePointAtItsStart() {
        double[] x = Synthetic.shift(Synthetic.flat(200, 10, 0.5, 1), 120, 8);
        ChangePointResult r = ChangePointDetector.detect(x, 0, 10, 0.9);
        assertEquals(1, changes(r).length);
        assertEquals(120, changes(r)[0], 1);
        assertTrue(r.confidence()[120] > 0.9);
    }

    @Test
    void aTrendChangeIsFound() {
        double[] x = Synthetic.flat(200, 10, 0.2, 2);
        for (int i = 100; i < 200; i++) {
            x[i] += 0.3 * (i - 100);
        }
        int[] c = changes(ChangePointDetector.detect(x, 0, 20, 0.9));
        assertEquals(1, c.length);
        assertEquals(100, c[0], 6);
    }

    @Test
    void edgesHaveZeroConfidenceAndArgumentsAreChecked() {
        ChangePointResult r = ChangePointDetector.detect(Synthetic.flat(50, 1, 0.1, 3), 0, 5, 0.9);
        assertEquals(0, r.confidence()[0]);
        assertEquals(0, r.confidence()[49]);
        assertThrows(IllegalArgumentException.class, () -> ChangePointDetector.detect(new double[20], 0, 2, 0.9));
        assertThrows(IllegalArgumentException.class, () -> ChangePointDetector.detect(new double[20], 0, 11, 0.9));
        assertThrows(IllegalArgumentException.class, () -> ChangePointDetector.detect(new double[20], 0, 5, 1.0));
    }

    @Test
    @Tag("statistical")
    void seasonalSeriesWithoutChangeHasFewChangePoints() {
        int total = 0;
        for (long seed = 0; seed < 10; seed++) {
            double[] x = Synthetic.seasonal(24 * 14, 24, 100, 10, 1, seed);
            total += changes(ChangePointDetector.detect(x, 24, 24, 0.9)).length;
        }
        assertTrue(total <= 3, "spurious change points: " + total);
    }
}

package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class ImputeModeTest {

    private static final double N = Double.NaN;
    private static final double[] GAPPY = {N, 1, N, N, 4, N};

    @Test
    void linearInterpolatesInsideAndCarriesAtTheEnds() {
        assertArrayEquals(new double[] {1, 1, 2, 3, 4, 4}, ImputeMode.LINEAR.fill(GAPPY, 0), 1e-12);
        assertArrayEquals(new double[] {1, 1, 2, 3, 4, 4}, ImputeMode.AUTO.fill(GAPPY, 0), 1e-12);
    }

    @Test
    void previousFixedZeroAndNotFill() {
        assertArrayEquals(new double[] {1, 1, 1, 1, 4, 4}, ImputeMode.PREVIOUS.fill(GAPPY, 0), 1e-12);
        assertArrayEquals(new double[] {7, 1, 7, 7, 4, 7}, ImputeMode.FIXED.fill(GAPPY, 7), 1e-12);
        assertArrayEquals(new double[] {0, 1, 0, 0, 4, 0}, ImputeMode.ZERO.fill(GAPPY, 7), 1e-12);
        assertArrayEquals(GAPPY, ImputeMode.NOT_FILL.fill(GAPPY, 7), 0);
    }

    @Test
    void allMissingStaysMissingForNeighbourModes() {
        double[] all = {N, N};
        assertArrayEquals(all, ImputeMode.LINEAR.fill(all, 0), 0);
        assertArrayEquals(all, ImputeMode.PREVIOUS.fill(all, 0), 0);
    }
}

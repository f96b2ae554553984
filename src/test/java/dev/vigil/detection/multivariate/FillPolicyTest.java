package dev.vigil.detection.multivariate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FillPolicyTest {

    private static final double N = Double.NaN;

    static Stream<Arguments> table() {
        double[] in = {N, 1, N, N, 4, N};
        return Stream.of(
                Arguments.of(FillMode.LINEAR, in, new double[] {1, 1, 2, 3, 4, 4}),
                Arguments.of(FillMode.PREVIOUS, in, new double[] {1, 1, 1, 1, 4, 4}),
                Arguments.of(FillMode.SUBSEQUENT, in, new double[] {1, 1, 4, 4, 4, 4}),
                Arguments.of(FillMode.ZERO, in, new double[] {0, 1, 0, 0, 4, 0}),
                Arguments.of(FillMode.FIXED, in, new double[] {7, 1, 7, 7, 4, 7}),
                Arguments.of(FillMode.NOT_FILL, in, new double[] {N, 1, N, N, 4, N}),
                Arguments.of(FillMode.LINEAR, new double[] {N, N}, new double[] {N, N}),
                Arguments.of(FillMode.FIXED, new double[] {N, N}, new double[] {7, 7}));
    }

    @ParameterizedTest
    @MethodSource("table")
    void fillsGapsAsDocumented(FillMode mode, double[] in, double[] expected) {
        double[] column = in.clone();
        new FillPolicy(mode, 7).fill(column);
        assertArrayEquals(expected, column, 1e-12);
    }

    @Test
    void readsAzureSpellings() {
        assertEquals(FillMode.NOT_FILL, FillMode.parse("NotFill"));
        assertEquals(FillMode.SUBSEQUENT, FillMode.parse("subsequent"));
        assertThrows(IllegalArgumentException.class, () -> FillMode.parse("Mean"));
    }

    @Test
    void alignerPutsObservationsIntoTheirCellsAndFillsTheRest() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Duration step = Duration.ofMinutes(5);
        Aligner.Observations a = new Aligner.Observations(
                List.of(t0.plusSeconds(10), t0.plusSeconds(900), t0.minusSeconds(300)), new double[] {1, 4, 99});
        Aligner.Observations b = new Aligner.Observations(List.of(t0.plusSeconds(300)), new double[] {5});
        double[][] m = Aligner.align(t0, step, 4, List.of(a, b), FillPolicy.LINEAR);
        assertArrayEquals(new double[] {1, 2, 3, 4}, new double[] {m[0][0], m[1][0], m[2][0], m[3][0]}, 1e-12);
        assertArrayEquals(new double[] {5, 5, 5, 5}, new double[] {m[0][1], m[1][1], m[2][1], m[3][1]}, 1e-12);
    }

    @Test
    void alignerSkipsTimesCenturiesOffTheGridInsteadOfOverflowing() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Duration step = Duration.ofMinutes(5);
        Aligner.Observations a = new Aligner.Observations(List.of(Instant.MAX, t0.plusSeconds(300), Instant.MIN,
                Instant.parse("2500-01-01T00:00:00Z"), Instant.parse("1600-01-01T00:00:00Z")),
                new double[] {9, 2, 9, 9, 9});
        double[][] m = Aligner.align(t0, step, 3, List.of(a), new FillPolicy(FillMode.NOT_FILL, 0));
        assertArrayEquals(new double[] {Double.NaN, 2, Double.NaN}, new double[] {m[0][0], m[1][0], m[2][0]}, 0);

        // a grid of steps so long that nanoseconds would overflow still puts each time into its cell
        Duration fourCenturies = Duration.ofDays(146_097);
        Aligner.Observations far = new Aligner.Observations(List.of(Instant.parse("2900-06-01T00:00:00Z")),
                new double[] {7});
        double[][] wide = Aligner.align(t0, fourCenturies, 4, List.of(far), new FillPolicy(FillMode.NOT_FILL, 0));
        assertEquals(7, wide[2][0], 0);
    }
}

package dev.vigil.detection.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The surprisal is a calibrated tail probability: about 1 % of ordinary values reach 2, 0.1 % reach 3. */
class TailProbabilityTest {

    private static DoubleSupplier source(String name, Random r) {
        return switch (name) {
            case "halfNormal" -> () -> Math.abs(r.nextGaussian());
            case "exponential" -> () -> -Math.log(1 - r.nextDouble());
            case "pareto" -> () -> Math.pow(1 - r.nextDouble(), -1 / 2.5) - 1; // heavy tail, index 2.5
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"halfNormal", "exponential", "pareto"})
    void surprisalsOfOrdinaryValuesAreCalibrated(String name) {
        Random random = new Random(11);
        DoubleSupplier f = source(name, random);
        TailProbability tail = new TailProbability(0.001, 2, 0.05, 200);
        for (int i = 0; i < 5000; i++) {
            tail.learn(f.getAsDouble());
        }
        int n = 100_000;
        int over2 = 0;
        int over3 = 0;
        for (int i = 0; i < n; i++) {
            double s = tail.surprisal(f.getAsDouble());
            over2 += s >= 2 ? 1 : 0;
            over3 += s >= 3 ? 1 : 0;
        }
        // the tail fit tracks a moving window, so allow a factor of about 2.5 either way
        assertTrue(over2 > 0.004 * n && over2 < 0.025 * n, name + ": share >= 2 was " + over2 / (double) n);
        assertTrue(over3 < 0.0035 * n, name + ": share >= 3 was " + over3 / (double) n);
    }

    @Test
    void aValueFarBeyondEverythingSeenIsVerySurprising() {
        Random random = new Random(3);
        TailProbability tail = new TailProbability(0.001, 2, 0.05, 200);
        for (int i = 0; i < 3000; i++) {
            tail.learn(Math.abs(random.nextGaussian()));
        }
        assertTrue(tail.surprisal(20) >= 8, "20 sd on a half-normal feature: " + tail.surprisal(20));
        assertTrue(tail.surprisal(0.5) < 1);
    }

    @Test
    void silentDuringWarmUpAndRoundTripsThroughBytes() {
        TailProbability tail = new TailProbability(0.001, 2, 0.05, 100);
        for (int i = 0; i < 99; i++) {
            tail.learn(i % 3);
            assertEquals(0, tail.surprisal(1e9));
        }
        tail.learn(1);
        assertTrue(tail.surprisal(1e9) > 0);
        ByteBuffer out = ByteBuffer.allocate(TailProbability.SIZE);
        tail.write(out);
        TailProbability copy = new TailProbability(0.001, 2, 0.05, 100);
        copy.read(ByteBuffer.wrap(out.array()));
        assertEquals(tail.surprisal(5), copy.surprisal(5));
        out.putDouble(8, -1.0); // a negative variance is corrupt
        assertThrows(IllegalArgumentException.class, () -> copy.read(ByteBuffer.wrap(out.array())));
    }

    @Test
    void normalUpperTailMatchesKnownValues() {
        assertEquals(0.5, TailProbability.upperNormal(0), 1e-7);
        assertEquals(0.158655, TailProbability.upperNormal(1), 1e-6);
        assertEquals(0.0013499, TailProbability.upperNormal(3), 1e-6);
        assertEquals(0.977250, TailProbability.upperNormal(-2), 1e-6);
    }
}

package dev.vigil.detection;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Values at the ingestion bound (|value| <= 1e100) must never break a detector's arithmetic: sums of squares of
 * 1e100 are 1e200, far from overflow, but a careless product of two such would not be. Every verdict stays valid
 * (finite band and score once warm), and the state survives a snapshot.
 */
class ExtremeValuesTest {

    private static final double BOUND = 1e100;

    @Test
    void valuesAtTheBoundKeepEveryVerdictFinite() {
        for (DetectorKind kind : new DetectorKind[] {Detectors.standard(),
                Detectors.ensemble(DetectorSettings.defaults())}) {
            Random rnd = new Random(7);
            StreamingDetector d = kind.create(300);
            long t = 1_700_000_000L;
            for (int i = 0; i < 3000; i++) {
                double v = switch (i % 5) {
                    case 0 -> BOUND;
                    case 1 -> -BOUND;
                    case 2 -> rnd.nextGaussian() * BOUND / 3;
                    case 3 -> Double.MIN_VALUE;
                    default -> i > 2000 ? BOUND : 1.0;
                };
                Verdict verdict = d.observe(t + 300L * i, v);
                if (!verdict.warmingUp()) {
                    assertFalse(Double.isInfinite(verdict.score()), kind.name() + " score at " + i);
                    assertFalse(Double.isInfinite(verdict.expected()), kind.name() + " expected at " + i);
                    assertFalse(Double.isInfinite(verdict.upper()) || Double.isInfinite(verdict.lower()),
                            kind.name() + " band at " + i + ": " + verdict);
                }
                if (i % 500 == 499) {
                    d = kind.restore(d.snapshot());
                }
            }
            Verdict after = d.observe(t + 300L * 3000, 0);
            assertTrue(after.severity() >= 0 && after.severity() <= 1, kind.name() + ": " + after);
        }
    }
}

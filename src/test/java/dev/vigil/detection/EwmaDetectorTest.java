package dev.vigil.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EwmaDetectorTest {

    @Test
    void warmsUpThenFlagsASpikeButNotNoise() {
        StreamingDetector d = EwmaDetector.KIND.create(300);
        Random random = new Random(1);
        for (int i = 0; i < EwmaDetector.WARM_UP; i++) {
            assertTrue(d.observe(i * 300L, 10 + random.nextGaussian()).warmingUp());
        }
        int falseAlarms = 0;
        for (int i = EwmaDetector.WARM_UP; i < 1000; i++) {
            falseAlarms += d.observe(i * 300L, 10 + random.nextGaussian()).anomaly() ? 1 : 0;
        }
        assertTrue(falseAlarms < 5, "false alarms on Gaussian noise: " + falseAlarms);
        Verdict spike = d.observe(1000 * 300L, 30);
        assertTrue(spike.anomaly());
        assertTrue(spike.severity() > 0.5 && spike.upper() < 30 && spike.score() > 4);
    }

    @Test
    void snapshotRestoresIdenticalBehaviour() {
        StreamingDetector a = EwmaDetector.KIND.create(300);
        Random random = new Random(2);
        for (int i = 0; i < 200; i++) {
            a.observe(i * 300L, random.nextDouble());
        }
        StreamingDetector b = EwmaDetector.KIND.restore(a.snapshot());
        for (int i = 200; i < 300; i++) {
            double v = random.nextDouble() * (i == 250 ? 50 : 1);
            assertEquals(a.observe(i * 300L, v), b.observe(i * 300L, v));
        }
        assertEquals(36, a.snapshot().length);
    }

    @Test
    void preconditions() {
        StreamingDetector d = EwmaDetector.KIND.create(300);
        d.observe(600, 1);
        assertThrows(IllegalArgumentException.class, () -> d.observe(600, 1));
        assertThrows(IllegalArgumentException.class, () -> d.observe(900, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> EwmaDetector.KIND.restore(new byte[3]));
    }

    @Test
    void rejudgeMeasuresARevisedValueAgainstTheOriginalBand() {
        Verdict original = new Verdict(10, 8, 12, false, 0, 0.1, false);
        Verdict inside = Rejudge.against(original, 11);
        assertFalse(inside.anomaly());
        Verdict far = Rejudge.against(original, 16);
        assertTrue(far.anomaly());
        assertEquals(1.0, far.severity());
        assertEquals(0.5, Rejudge.against(original, 13).severity(), 1e-12);
        assertTrue(Rejudge.against(Verdict.insufficientHistory(), 99).warmingUp());
    }
}

package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpectralResidualTest {

    private static final BatchSettings SHORT_INTERVAL = new BatchSettings(0, 99, 0.25, true);

    @Test
    void predictionContinuesAStraightLine() {
        assertEquals(7, SpectralResidual.predictNext(new double[] {1, 2, 3, 4, 5, 6}), 1e-12);
        assertEquals(4, SpectralResidual.predictNext(new double[] {4, 4, 4, 4, 4, 4}), 1e-12);
    }

    @Test
    void entireDetectionFlagsASpikeAtTheSeriesEnd() {
        // the extension is predicted from inliers, so the spike does not extend itself and hide
        double[] x = Synthetic.spike(Synthetic.flat(300, 20, 0.3, 21), 299, 15);
        BatchResult r = BatchDetector.detectEntire(x, SHORT_INTERVAL);
        assertTrue(r.anomaly()[299]);
        assertEquals(20, r.expected()[299], 1);
    }

    @Test
    void lastPointIsJudgedWithoutTheBurstBeforeIt() {
        double[] x = Synthetic.flat(300, 20, 0.3, 22);
        x[296] += 15;
        x[299] += 15;
        PointResult r = BatchDetector.detectLast(x, SHORT_INTERVAL);
        assertTrue(r.anomaly() && r.positive());
        assertEquals(20, r.expected(), 1);
    }

    @Test
    void ordinaryLastPointAfterASpikeIsNotAnAnomaly() {
        double[] x = Synthetic.flat(300, 20, 0.3, 23);
        x[297] += 15;
        PointResult r = BatchDetector.detectLast(x, SHORT_INTERVAL);
        assertFalse(r.anomaly());
        assertEquals(20, r.expected(), 1);
    }
}

package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class StationarityTest {

    @Test
    void differencePadsWithTheDifferenceAtTheShift() {
        double[] y = {1, 3, 6, 10, 15};
        assertArrayEquals(new double[]{2, 2, 3, 4, 5}, Stationarity.difference(y, 0), 0);
        assertArrayEquals(new double[]{3, 3, 3, 4, 5}, Stationarity.difference(y, 1), 0);
    }

    @Test
    void adfDecidesByTheAsymptoticPValueAsArchDoes() {
        // MacKinnon's surface crosses 5 % near τ = −2.8615 whatever the length (a finite-sample critical value
        // for 30 points would be −2.96)
        assertTrue(Stationarity.adfPValueBelow5(-2.87));
        assertFalse(Stationarity.adfPValueBelow5(-2.86));
        assertTrue(Stationarity.adfPValueBelow5(-25));
        assertFalse(Stationarity.adfPValueBelow5(0.5));
    }

    @Test
    void constantOrTinySeriesCountAsStationary() {
        assertEquals(0, Stationarity.differencesNeeded(new double[20], 2));
        assertEquals(0, Stationarity.differencesNeeded(new double[]{1, 2, 3}, 2));
    }

    @Test
    @Tag("statistical")
    void whiteNoiseIsStationaryAndARandomWalkNeedsOneDifference() {
        Random r = new Random(11);
        int noiseStationary = 0;
        int walkOnce = 0;
        for (int trial = 0; trial < 40; trial++) {
            double[] noise = new double[300];
            double[] walk = new double[300];
            double level = 0;
            for (int i = 0; i < 300; i++) {
                noise[i] = r.nextGaussian();
                level += r.nextGaussian();
                walk[i] = level;
            }
            noiseStationary += Stationarity.differencesNeeded(noise, 2) == 0 ? 1 : 0;
            walkOnce += Stationarity.differencesNeeded(walk, 2) == 1 ? 1 : 0;
        }
        assertTrue(noiseStationary >= 38, "noise judged stationary " + noiseStationary + "/40");
        assertTrue(walkOnce >= 30, "walk needing one difference " + walkOnce + "/40");
    }

    @Test
    @Tag("statistical")
    void kpssRejectsATrendAndAcceptsNoise() {
        Random r = new Random(5);
        double[] trend = new double[200];
        double[] noise = new double[200];
        for (int i = 0; i < 200; i++) {
            trend[i] = i * 0.1 + r.nextGaussian();
            noise[i] = r.nextGaussian();
        }
        assertTrue(Stationarity.kpssStatistic(trend) > Stationarity.KPSS_CRITICAL_5);
        assertFalse(Stationarity.kpssStatistic(noise) > Stationarity.KPSS_CRITICAL_5);
    }
}

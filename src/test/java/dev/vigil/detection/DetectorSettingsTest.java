package dev.vigil.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DetectorSettingsTest {

    private static final DetectorSettings D = DetectorSettings.defaults();

    @Test
    void defaultsAreValidAndAutomatic() {
        assertEquals(85, D.sensitivity());
        assertEquals(Direction.BOTH, D.direction());
        assertEquals(Optional.empty(), D.period());
        assertEquals(288, D.warmUpPoints());
    }

    @Test
    void rejectsOutOfRangeValues() {
        assertThrows(IllegalArgumentException.class, () -> D.withSensitivity(-1));
        assertThrows(IllegalArgumentException.class, () -> D.withSensitivity(100));
        assertThrows(IllegalArgumentException.class, () -> D.withMaxAnomalyRatio(0));
        assertThrows(IllegalArgumentException.class, () -> D.withMaxAnomalyRatio(0.51));
        assertThrows(IllegalArgumentException.class, () -> D.withMaxAnomalyRatio(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> D.withDirection(null));
        assertThrows(IllegalArgumentException.class, () -> D.withMinDeviation(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> D.withMinDeviation(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> D.withMinDeviation(Double.POSITIVE_INFINITY, 0));
        assertThrows(IllegalArgumentException.class, () -> D.withWarmUpPoints(0));
        assertThrows(IllegalArgumentException.class, () -> D.withPeriod(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new DetectorSettings(85, 0.25, Direction.BOTH, 0, 0, 1,
                null));
    }

    @Test
    void directionAllowsOnlyItsSign() {
        assertTrue(Direction.SPIKE.allows(1));
        assertFalse(Direction.SPIKE.allows(-1));
        assertTrue(Direction.DIP.allows(-1));
        assertFalse(Direction.DIP.allows(1));
        assertTrue(Direction.BOTH.allows(-1) && Direction.BOTH.allows(1));
        assertFalse(Direction.BOTH.allows(0));
    }

    @Test
    void givenPeriodDrivesTheSeasonalProfile() {
        DetectorKind hourly = Detectors.of(D.withPeriod(Duration.ofHours(1)).withWarmUpPoints(60));
        StreamingDetector d = hourly.create(60);
        Verdict v = null;
        for (int i = 0; i < 60 * 24; i++) { // a saw tooth with a one-hour period, one-minute steps
            v = d.observe(i * 60L, i % 60);
        }
        assertEquals(0, v.expected() - (60 * 24 - 1) % 60, 1.5);
    }
}

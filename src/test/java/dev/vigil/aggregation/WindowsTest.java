package dev.vigil.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WindowsTest {

    @ParameterizedTest
    @CsvSource({
            "2026-11-01T10:00:00Z, 2026-11-01T10:00:00Z",
            "2026-11-01T10:04:59.999Z, 2026-11-01T10:00:00Z",
            "2026-11-01T10:05:00Z, 2026-11-01T10:05:00Z",
            "1969-12-31T23:59:59Z, 1969-12-31T23:55:00Z"})
    void windowsAreHalfOpenAndEpochAligned(String t, String start) {
        assertEquals(Instant.parse(start), Windows.startOf(Instant.parse(t), Duration.ofMinutes(5)));
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-01T10:15:00Z, 2026-11-01T10:10:00Z",
            "2026-11-01T10:17:00Z, 2026-11-01T10:15:00Z",
            "2026-11-01T10:16:59Z, 2026-11-01T10:10:00Z"})
    void closedUntilWaitsForTheLateDataDelay(String now, String closed) {
        assertEquals(Instant.parse(closed),
                Windows.closedUntil(Instant.parse(now), Duration.ofMinutes(5), Duration.ofMinutes(2)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "-PT5M", "PT7M", "PT0.5S"})
    void sizesThatDoNotDivideADayAreRefused(String size) {
        assertThrows(IllegalArgumentException.class, () -> Windows.startOf(Instant.EPOCH, Duration.parse(size)));
    }
}

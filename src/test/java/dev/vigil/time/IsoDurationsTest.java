package dev.vigil.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IsoDurationsTest {

    @Test
    void wholeDaysAreDaysAndTheRestAsJavaTimeWritesIt() {
        assertEquals("P30D", IsoDurations.text(Duration.ofDays(30)));
        assertEquals("P1D", IsoDurations.text(Duration.parse("PT24H")));
        assertEquals("PT5M", IsoDurations.text(Duration.ofMinutes(5)));
        assertEquals("PT36H", IsoDurations.text(Duration.ofHours(36)));
        assertEquals("PT0S", IsoDurations.text(Duration.ZERO));
        assertEquals("PT24H0.5S", IsoDurations.text(Duration.ofDays(1).plusMillis(500)));
        for (String s : new String[] {"P30D", "PT36H", "PT5M", "PT0S"}) {
            assertEquals(Duration.parse(s), Duration.parse(IsoDurations.text(Duration.parse(s))), s);
        }
    }
}

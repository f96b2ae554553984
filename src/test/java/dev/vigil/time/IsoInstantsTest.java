package dev.vigil.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-01T00:00:00Z", "2026-11-01T23:59:59.999Z", "2024-02-29T12:00:00.5+01:00",
            "1999-12-31T23:59:59.123456789-05:30", "2026-03-29T02:30:00+18:00", "2026-03-29T02:30:00-18:00",
            "2026-01-01T00:00:00-00:00", "0001-01-01T00:00:00Z", "2026-06-15T08:09:10.000001Z"})
    void theCommonShapeParsesAsOffsetDateTimeDoes(String text) {
        assertNotNull(IsoInstants.fast(text), "fast path taken");
        assertEquals(OffsetDateTime.parse(text).toInstant(), IsoInstants.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-01T00:00Z", "2026-11-01t00:00:00Z", "2026-11-01T00:00:00+01:00:30",
            "2026-11-01T00:00:00.Z", "+12026-11-01T00:00:00Z", "2026-11-01T00:00:00z"})
    void otherValidShapesFallBackWithTheSameResult(String text) {
        assertNull(IsoInstants.fast(text), "not the common shape");
        assertEquals(OffsetDateTime.parse(text).toInstant(), IsoInstants.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-01T24:00:00Z",
            "2026-11-01T00:60:00Z", "2026-11-01T00:00:60Z", "2026-11-01T00:00:00+19:00", "2026-11-01T00:00:00.1234567891Z",
            "2026-11-01T00:00:00+0100",
            "2026-11-01T00:00:00", "2026-11-01 00:00:00Z", "2026-11-0１T00:00:00Z", "not a time at all, no"})
    void invalidTextFailsAsOffsetDateTimeDoes(String text) {
        assertNull(IsoInstants.fast(text));
        assertThrows(DateTimeParseException.class, () -> IsoInstants.parse(text));
    }

    @Test
    void randomInstantsRoundTripInEveryOffset() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 4_000_000_000L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
            String text = OffsetDateTime.ofInstant(t, offset).toString();
            assertEquals(OffsetDateTime.parse(text).toInstant(), IsoInstants.parse(text), text);
        }
    }
}

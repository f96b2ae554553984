package dev.vigil.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void fastPathAgreesWithJavaTimeOnRandomInstants() {
        Random rnd = new Random(11);
        for (int k = 0; k < 20_000; k++) {
            long seconds = rnd.nextLong(-62_135_596_800L, 253_402_300_799L); // years 0001 to 9999
            int nanos = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1_000_000_000);
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            String text = t.toString(); // 0, 3, 6 or 9 fraction digits, "Z"
            assertEquals(Instant.parse(text), Timestamps.utc(text), text);
            String pattern = "uuuu-MM-dd'T'HH:mm:ss." + "S".repeat(1 + rnd.nextInt(9)) + "'Z'";
            String odd = DateTimeFormatter.ofPattern(pattern).format(LocalDateTime.ofEpochSecond(seconds, nanos,
                    ZoneOffset.UTC));
            assertEquals(Instant.parse(odd), Timestamps.utc(odd), odd);
        }
    }

    @Test
    void fastPathLeavesEverythingElseToJavaTime() {
        for (String s : new String[] {"2021-02-30T00:00:00Z", "2021-13-01T00:00:00Z", "2021-01-01T24:00:00Z",
                "2016-12-31T23:59:60Z", "2021-01-01T00:00:00.Z", "2021-01-01T00:00:00.1234567890Z",
                "2021-01-01T00:00:00+01:00", "2021-01-01 00:00:00Z", "+12021-01-01T00:00:00Z", "2021-0a-01T00:00:00Z",
                "2021-01-01T00:00:00z", "2021-01-01"}) {
            assertNull(Timestamps.utc(s), s);
        }
    }

    @Test
    void acceptedFormsAndRejections() {
        Instant midnight = Instant.parse("2020-01-29T00:00:00Z");
        for (String s : new String[] {"2020-01-29T00:00:00Z", " 2020-01-29T00:00:00Z ", "2020-01-29T01:00:00+01:00",
                "2020-01-29T00:00:00", "2020-01-29 00:00:00", "2020-01-29", "2020-01-29T00:00:00.000000000Z"}) {
            assertEquals(Optional.of(midnight), Timestamps.parse(s), s);
        }
        assertEquals(Optional.of(Instant.parse("2016-12-31T23:59:59Z")), Timestamps.parse("2016-12-31T23:59:60Z"));
        assertEquals(Optional.of(Instant.parse("2020-02-29T00:00:00Z")), Timestamps.parse("2020-02-29T00:00:00Z"));
        for (String s : new String[] {"2021-02-29T00:00:00Z", "2021-02-30", "yesterday", "", "2021-01-01T25:00:00Z",
                "2021-01-01T00:60:00Z", "1e9"}) {
            assertTrue(Timestamps.parse(s).isEmpty(), s);
        }
    }
}

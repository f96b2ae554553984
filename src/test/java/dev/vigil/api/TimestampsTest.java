package dev.vigil.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.time.IsoInstants;
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
            assertEquals(Instant.parse(text), IsoInstants.fast(text), text);
            String pattern = "uuuu-MM-dd'T'HH:mm:ss." + "S".repeat(1 + rnd.nextInt(9)) + "'Z'";
            String odd = DateTimeFormatter.ofPattern(pattern).format(LocalDateTime.ofEpochSecond(seconds, nanos,
                    ZoneOffset.UTC));
            assertEquals(Instant.parse(odd), IsoInstants.fast(odd), odd);
        }
    }

    @Test
    void fastPathLeavesEverythingElseToJavaTime() {
        for (String s : new String[] {"2021-02-30T00:00:00Z", "2021-13-01T00:00:00Z", "2021-01-01T24:00:00Z",
                "2016-12-31T23:59:60Z", "2021-01-01T00:00:00.Z", "2021-01-01T00:00:00.1234567890Z",
                "2021-01-01 00:00:00Z", "+12021-01-01T00:00:00Z", "2021-0a-01T00:00:00Z",
                "2021-01-01T00:00:00z", "2021-01-01"}) {
            assertNull(IsoInstants.fast(s), s);
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

    @Test
    void looserFormsTheServiceTook() {
        Instant t = Instant.parse("2021-12-16T04:39:32Z");
        for (String s : new String[] {"12/16/2021 4:39:32 AM ", "12/16/2021 04:39:32", "12/16/2021 4:39:32 am",
                "2021/12/16 04:39:32", "2021.12.16 04:39:32", "2021-12-16t04:39:32z", "2021-12-16 04:39:32 UTC",
                "2021-12-16T05:39:32+0100", "2021-12-16T05:39:32+01", "2021-12-15T23:39:32-05:00",
                "Dec 16, 2021 4:39:32 AM", "Thu, 16 Dec 2021 04:39:32 GMT", "16 December 2021 04:39:32",
                "12-16-2021 04:39:32", "2021-12-16  04:39:32"}) {
            assertEquals(Optional.of(t), Timestamps.parse(s), s);
        }
        assertEquals(Optional.of(Instant.parse("2021-12-16T12:05:00Z")), Timestamps.parse("12/16/2021 12:05 PM"));
        assertEquals(Optional.of(Instant.parse("2021-12-16T00:05:00Z")), Timestamps.parse("12/16/2021 12:05 AM"));
        assertEquals(Optional.of(Instant.parse("2021-12-16T00:00:00Z")), Timestamps.parse("12/16/2021"));
        assertEquals(Optional.of(Instant.parse("2021-03-04T00:00:00.5Z")), Timestamps.parse("3/4/2021 0:00:00.5"));
        // the lenient parser swaps day and month only when the first field cannot be a month
        assertEquals(Optional.of(Instant.parse("2021-12-16T04:39:32Z")), Timestamps.parse("16/12/2021 04:39:32"));
        assertEquals(Optional.of(Instant.parse("2021-12-16T00:00:00Z")), Timestamps.parse("16.12.2021"));
        assertEquals(Optional.of(Instant.parse("2021-02-03T00:00:00Z")), Timestamps.parse("02/03/2021"));
        // two-digit years as strptime's %y, compact dates as pandas reads them
        assertEquals(Optional.of(Instant.parse("2021-12-16T04:39:00Z")), Timestamps.parse("12/16/21 4:39 AM"));
        assertEquals(Optional.of(Instant.parse("1999-12-16T00:00:00Z")), Timestamps.parse("12/16/99"));
        assertEquals(Optional.of(Instant.parse("2021-12-16T00:00:00Z")), Timestamps.parse("20211216"));
        for (String s : new String[] {"13/16/2021", "12/32/2021", "12/16/2021 13:00 PM", "12/16/2021 0:00 AM",
                "2021-12-16 24:00", "Dez 16, 2021", "2021-12-16 4:39:32 XM", "12/16/2021 4:39:32 AM trailing",
                "20211316", "2021121", "31/02/2021", "16/13/2021"}) {
            assertTrue(Timestamps.parse(s).isEmpty(), s);
        }
    }
}

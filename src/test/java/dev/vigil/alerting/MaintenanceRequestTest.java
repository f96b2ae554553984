package dev.vigil.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.ingestion.RejectedInput;
import dev.vigil.storage.AlertRule.Maintenance;
import dev.vigil.storage.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Maintenance periods and recurring windows: what a request may say, and when a window is open (plain JUnit). */
class MaintenanceRequestTest {

    private static Maintenance one(String json) throws Exception {
        List<Maintenance> m = MaintenanceRequest.parse(Json.mapper().readTree("[" + json + "]"));
        assertEquals(1, m.size());
        return m.get(0);
    }

    private static String refused(String json) {
        return assertThrows(RejectedInput.class, () -> one(json)).error().field();
    }

    private static boolean at(Maintenance m, String t) {
        return m.covers(Instant.parse(t));
    }

    @Test
    void aDailyWindowIsOpenFromItsStartUntilItsEnd() throws Exception {
        Maintenance m = one("{\"every\": \"day\", \"start\": \"02:00\", \"end\": \"02:45\"}");
        assertEquals("UTC", m.timeZone());
        assertFalse(at(m, "2026-12-05T01:59:59Z"));
        assertTrue(at(m, "2026-12-05T02:00:00Z"));
        assertTrue(at(m, "2026-12-06T02:44:59Z"), "and the next day");
        assertFalse(at(m, "2026-12-06T02:45:00Z"));
    }

    @Test
    void aWeeklyWindowAcrossMidnightBelongsToTheDayItStarts() throws Exception {
        Maintenance m = one("{\"every\": \"week\", \"days\": [\"Saturday\"], \"start\": \"22:00\", \"end\": \"06:00\", "
                + "\"timeZone\": \"Europe/Berlin\"}");
        assertEquals(List.of("saturday"), m.days());
        assertTrue(at(m, "2026-12-05T21:30:00Z"), "Saturday 22:30 in Berlin");
        assertTrue(at(m, "2026-12-06T04:59:00Z"), "Sunday 05:59 in Berlin: Saturday's window");
        assertFalse(at(m, "2026-12-06T05:00:00Z"), "Sunday 06:00 in Berlin");
        assertFalse(at(m, "2026-12-06T21:30:00Z"), "Sunday 22:30 is not Saturday");
        assertFalse(at(m, "2026-12-04T21:30:00Z"), "nor Friday 22:30");
    }

    @Test
    void localTimeFollowsDaylightSavingAndMidnightIs2400() throws Exception {
        Maintenance m = one("{\"every\": \"day\", \"start\": \"02:00\", \"end\": \"03:00\", \"timeZone\": \"Europe/Berlin\"}");
        assertTrue(at(m, "2026-01-10T01:30:00Z"), "02:30 in winter (UTC+1)");
        assertTrue(at(m, "2026-07-10T00:30:00Z"), "02:30 in summer (UTC+2)");
        assertFalse(at(m, "2026-07-10T01:30:00Z"), "03:30 in summer");
        Maintenance late = one("{\"every\": \"day\", \"start\": \"22:00\", \"end\": \"24:00\"}");
        assertTrue(at(late, "2026-12-05T23:59:59Z"));
        assertFalse(at(late, "2026-12-06T00:00:00Z"));
    }

    @Test
    void aWindowFromMidnightTo2400CoversTheWholeDayInItsZoneAlsoWhenClocksChange() throws Exception {
        Maintenance day = one("{\"every\": \"day\", \"start\": \"00:00\", \"end\": \"24:00\"}");
        assertTrue(at(day, "2026-12-05T00:00:00Z"));
        assertTrue(at(day, "2026-12-05T12:00:00Z"));
        assertTrue(at(day, "2026-12-05T23:59:59Z"));
        // the dashboard's "every saturday 00:00-24:00 Europe/Berlin": 29 March 2026 is a Sunday of 23 hours there
        Maintenance sunday = one("{\"every\": \"week\", \"days\": [\"sunday\"], \"start\": \"00:00\", "
                + "\"end\": \"24:00\", \"timeZone\": \"Europe/Berlin\"}");
        assertFalse(at(sunday, "2026-03-28T22:59:59Z"), "Saturday 23:59:59 (UTC+1)");
        assertTrue(at(sunday, "2026-03-28T23:00:00Z"), "Sunday 00:00 (UTC+1)");
        assertTrue(at(sunday, "2026-03-29T21:59:59Z"), "Sunday 23:59:59 (UTC+2)");
        assertFalse(at(sunday, "2026-03-29T22:00:00Z"), "Monday 00:00");
        assertTrue(at(sunday, "2026-10-24T22:00:00Z"), "Sunday 00:00 (UTC+2), a day of 25 hours");
        assertTrue(at(sunday, "2026-10-25T22:59:59Z"), "Sunday 23:59:59 (UTC+1)");
        assertFalse(at(sunday, "2026-10-25T23:00:00Z"), "Monday 00:00");
        Maintenance saturday = one("{\"every\": \"week\", \"days\": [\"saturday\"], \"start\": \"00:00\", "
                + "\"end\": \"24:00\", \"timeZone\": \"Europe/Berlin\"}");
        assertFalse(at(saturday, "2026-03-27T22:59:59Z"), "Friday 23:59:59");
        assertTrue(at(saturday, "2026-03-27T23:00:00Z"), "Saturday 00:00");
        assertTrue(at(saturday, "2026-03-28T22:59:59Z"), "Saturday 23:59:59");
        assertFalse(at(saturday, "2026-03-28T23:00:00Z"), "Sunday 00:00");
    }

    @Test
    void aStartInTheSpringForwardGapMovesByTheGapsLength() throws Exception {
        // 29 March 2026 in Europe/Berlin: 02:00 to 03:00 does not exist; the window keeps its 30 minutes
        Maintenance m = one("{\"every\": \"day\", \"start\": \"02:15\", \"end\": \"02:45\", "
                + "\"timeZone\": \"Europe/Berlin\"}");
        assertFalse(at(m, "2026-03-29T01:14:59Z"), "03:14:59 (UTC+2)");
        assertTrue(at(m, "2026-03-29T01:15:00Z"), "03:15");
        assertTrue(at(m, "2026-03-29T01:44:59Z"), "03:44:59");
        assertFalse(at(m, "2026-03-29T01:45:00Z"), "03:45");
    }

    @Test
    void fromAndToBoundWhenAWindowRecurs() throws Exception {
        Maintenance m = one("{\"every\": \"day\", \"start\": \"02:00\", \"end\": \"03:00\", "
                + "\"from\": \"2026-12-06T00:00:00Z\", \"to\": \"2026-12-08T00:00:00Z\"}");
        assertFalse(at(m, "2026-12-05T02:30:00Z"));
        assertTrue(at(m, "2026-12-07T02:30:00Z"));
        assertFalse(at(m, "2026-12-08T02:30:00Z"));
        Maintenance period = one("{\"from\": \"2026-12-06T01:00:00Z\", \"to\": \"2026-12-06T05:00:00Z\"}");
        assertTrue(at(period, "2026-12-06T04:59:59Z"));
        assertFalse(at(period, "2026-12-06T05:00:00Z"));
    }

    @Test
    void whatARequestMayNotSayIsNamed() {
        assertEquals("maintenance[0].every", refused("{\"every\": \"month\", \"start\": \"02:00\", \"end\": \"03:00\"}"));
        assertEquals("maintenance[0].days", refused("{\"every\": \"week\", \"start\": \"02:00\", \"end\": \"03:00\"}"));
        assertEquals("maintenance[0].days", refused("{\"every\": \"day\", \"days\": [\"monday\"], \"start\": \"02:00\", "
                + "\"end\": \"03:00\"}"));
        assertEquals("maintenance[0].days[1]", refused("{\"every\": \"week\", \"days\": [\"monday\", \"funday\"], "
                + "\"start\": \"02:00\", \"end\": \"03:00\"}"));
        assertEquals("maintenance[0].days[1]", refused("{\"every\": \"week\", \"days\": [\"monday\", \"Monday\"], "
                + "\"start\": \"02:00\", \"end\": \"03:00\"}"));
        assertEquals("maintenance[0].start", refused("{\"every\": \"day\", \"start\": \"24:00\", \"end\": \"03:00\"}"));
        assertEquals("maintenance[0].end", refused("{\"every\": \"day\", \"start\": \"02:00\", \"end\": \"2:60\"}"));
        assertEquals("maintenance[0].end", refused("{\"every\": \"day\", \"start\": \"02:00\", \"end\": \"02:00\"}"));
        assertEquals("maintenance[0].timeZone", refused("{\"every\": \"day\", \"start\": \"02:00\", \"end\": \"03:00\", "
                + "\"timeZone\": \"Mars/Olympus\"}"));
        assertEquals("maintenance[0].start", refused("{\"from\": \"2026-12-06T01:00:00Z\", \"to\": \"2026-12-06T05:00:00Z\", "
                + "\"start\": \"02:00\"}"));
        assertEquals("maintenance[0].to", refused("{\"from\": \"2026-12-06T01:00:00Z\"}"));
    }
}

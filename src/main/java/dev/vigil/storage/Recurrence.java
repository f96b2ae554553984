package dev.vigil.storage;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * When a recurring maintenance window is open: every day, or on the given days of the week, from {@code start} to
 * {@code end} local time in {@code timeZone} ("02:00" to "02:45"; an end at or before the start runs into the next day,
 * "24:00" is midnight after the start, so "00:00" to "24:00" is the whole day, however long the day is). Local times
 * follow the zone's daylight-saving changes: a nightly job at 02:00 in Europe/Berlin stays at 02:00 on the wall
 * clock. A start or end that falls into a spring-forward gap moves later by the gap's length, as {@link ZonedDateTime}
 * does (02:15 to 02:45 in Europe/Berlin is open 03:15 to 03:45 that night: the window keeps its length); in an
 * autumn overlap the earlier of the two offsets is taken.
 */
public final class Recurrence {

    public static final String DAY = "day";
    public static final String WEEK = "week";
    /** The end that is the midnight after the start. */
    public static final String MIDNIGHT_END = "24:00";

    private Recurrence() {
    }

    /** The day's name as the API writes it ({@code saturday}). */
    public static String dayName(DayOfWeek d) {
        return d.name().toLowerCase(Locale.ROOT);
    }

    /** A local time of the API ("HH:mm", or "24:00" for an end), or null when it is none. */
    public static LocalTime time(String hhmm, boolean end) {
        if (hhmm == null || !hhmm.matches("\\d\\d:\\d\\d")) {
            return null;
        }
        int h = Integer.parseInt(hhmm.substring(0, 2));
        int m = Integer.parseInt(hhmm.substring(3));
        if (end && MIDNIGHT_END.equals(hhmm)) {
            return LocalTime.MIDNIGHT;
        }
        return h < 24 && m < 60 ? LocalTime.of(h, m) : null;
    }

    /** Whether {@code t} lies in a window of this recurrence (the arguments as validated by the rule's request). */
    static boolean covers(Instant t, String every, List<String> days, String start, String end, String timeZone) {
        ZoneId zone = ZoneId.of(timeZone);
        LocalTime from = time(start, false);
        LocalTime to = time(end, true);
        LocalDate today = t.atZone(zone).toLocalDate();
        // a window that crosses midnight started the day before
        for (LocalDate d = today.minusDays(1); !d.isAfter(today); d = d.plusDays(1)) {
            if (WEEK.equals(every) && !days.contains(dayName(d.getDayOfWeek()))) {
                continue;
            }
            Instant open = ZonedDateTime.of(d, from, zone).toInstant();
            LocalDate endDay = to.isAfter(from) ? d : d.plusDays(1);
            Instant close = ZonedDateTime.of(endDay, to, zone).toInstant();
            if (!t.isBefore(open) && t.isBefore(close)) {
                return true;
            }
        }
        return false;
    }
}

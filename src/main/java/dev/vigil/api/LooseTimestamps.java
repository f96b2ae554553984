package dev.vigil.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timestamp forms the service took besides ISO 8601, read the way its lenient date parser (pandas over
 * dateutil) reads them: month first when the year comes last ({@code 12/16/2021 4:39:32 AM}), unless the first
 * field cannot be a month ({@code 16/12/2021} is 16 December); a two-digit year after the day and month is 2000–2068
 * or 1969–1999 ({@code %y}); slashes, dashes or dots as separators; compact {@code 20211216}; single-digit fields, a
 * 12-hour clock, month names ({@code Dec 16, 2021}, {@code Thu, 16 Dec 2021 04:39:32 GMT}), {@code T} or a space
 * between date and time in either case, and a zone as {@code Z}, {@code UTC}, {@code GMT} or an offset with or
 * without its colon. No zone means UTC. Anything else, and any impossible date or hour, stays refused.
 */
final class LooseTimestamps {

    private static final String TIME = "(?:[ T](?<h>\\d{1,2}):(?<mi>\\d{2})(?::(?<s>\\d{2})(?:[.,](?<f>\\d{1,9}))?)?"
            + " ?(?<ampm>[AP]\\.?M\\.?)?)?";
    private static final String ZONE = " ?(?<zone>Z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?";
    private static final String MONTH = "(?<mon>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\\.?";
    private static final String WEEKDAY = "(?:(?:MON|TUE|WED|THU|FRI|SAT|SUN)[A-Z]*,? )?";

    /**
     * Year first (2021-12-16, 2021/12/16, 2021.12.16, 20211216) or year last (12/16/2021, 12-16-2021, 16.12.2021,
     * 12/16/21).
     */
    private static final Pattern NUMERIC = Pattern.compile("^(?:(?<y1>\\d{4})(?<sep>[-/.])(?<m1>\\d{1,2})\\k<sep>"
            + "(?<d1>\\d{1,2})|(?<y3>\\d{4})(?<m3>\\d{2})(?<d3>\\d{2})|(?<a2>\\d{1,2})(?<sep2>[-/.])(?<b2>\\d{1,2})"
            + "\\k<sep2>(?<y2>\\d{4}|\\d{2}))" + TIME + ZONE + "$");
    /** Dec 16, 2021 or 16 Dec 2021, after an optional weekday. */
    private static final Pattern NAMED = Pattern.compile("^" + WEEKDAY + "(?:" + MONTH + " (?<d1>\\d{1,2}),? "
            + "(?<y1>\\d{4})|(?<d2>\\d{1,2}) " + MONTH.replace("mon", "mon2") + ",? (?<y2>\\d{4}))" + TIME + ZONE
            + "$");
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2),
            Map.entry("MAR", 3), Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7),
            Map.entry("AUG", 8), Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11),
            Map.entry("DEC", 12));

    private LooseTimestamps() {
    }

    static Optional<Instant> parse(String raw) {
        String text = raw.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        try {
            Matcher m = NUMERIC.matcher(text);
            if (m.matches()) {
                LocalDate date;
                if (m.group("y1") != null) {
                    date = LocalDate.of(num(m, "y1"), num(m, "m1"), num(m, "d1"));
                } else if (m.group("y3") != null) {
                    date = LocalDate.of(num(m, "y3"), num(m, "m3"), num(m, "d3"));
                } else {
                    int a = num(m, "a2");
                    int b = num(m, "b2");
                    boolean dayFirst = a > 12 && b <= 12; // a month cannot be 13 or more: the parser swaps
                    date = LocalDate.of(year(m.group("y2")), dayFirst ? b : a, dayFirst ? a : b);
                }
                return Optional.of(at(date, m));
            }
            m = NAMED.matcher(text);
            if (m.matches()) {
                LocalDate date = m.group("y1") != null
                        ? LocalDate.of(num(m, "y1"), MONTHS.get(m.group("mon")), num(m, "d1"))
                        : LocalDate.of(num(m, "y2"), MONTHS.get(m.group("mon2")), num(m, "d2"));
                return Optional.of(at(date, m));
            }
        } catch (DateTimeException e) {
            return Optional.empty(); // a date or hour that does not exist
        }
        return Optional.empty();
    }

    private static Instant at(LocalDate date, Matcher m) {
        LocalTime time = LocalTime.MIDNIGHT;
        if (m.group("h") != null) {
            int hour = num(m, "h");
            String ampm = m.group("ampm");
            if (ampm != null) {
                if (hour < 1 || hour > 12) {
                    throw new DateTimeException("a 12-hour clock hour is 1 to 12");
                }
                hour = hour % 12 + (ampm.startsWith("P") ? 12 : 0);
            }
            int nanos = 0;
            if (m.group("f") != null) {
                String f = m.group("f");
                nanos = Integer.parseInt(f) * (int) Math.pow(10, 9 - f.length());
            }
            time = LocalTime.of(hour, num(m, "mi"), m.group("s") == null ? 0 : num(m, "s"), nanos);
        }
        return LocalDateTime.of(date, time).toInstant(zone(m.group("zone")));
    }

    private static ZoneOffset zone(String zone) {
        if (zone == null || zone.equals("Z") || zone.equals("UTC") || zone.equals("GMT")) {
            return ZoneOffset.UTC;
        }
        String digits = zone.substring(1).replace(":", "");
        int hours = Integer.parseInt(digits.substring(0, 2));
        int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
        int sign = zone.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    /** Four digits as they are; two digits as strptime's {@code %y} reads them (69–99 → 19xx, else 20xx). */
    private static int year(String digits) {
        int y = Integer.parseInt(digits);
        if (digits.length() == 4) {
            return y;
        }
        return y >= 69 ? 1900 + y : 2000 + y;
    }

    private static int num(Matcher m, String group) {
        return Integer.parseInt(m.group(group));
    }
}

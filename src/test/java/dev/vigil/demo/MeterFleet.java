package dev.vigil.demo;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * A seeded fleet of household smart meters: power (kW), voltage (V), current (A) and indoor temperature (°C), with
 * daily and weekly rhythms, the weather (a cold spell raises heating), holidays (a weekday that looks like a
 * Sunday) and noise, and five injected faults near the end: a heater stuck on (power, current and temperature up
 * together) at meter 7, a voltage sag of every meter on feeder f03 for two hours, meter 42 stuck at zero (power,
 * voltage and current read 0), a slow drift of meter 100's temperature sensor (1.5 °C a day from the end of
 * the group's training span), and meter 33 off the network for the last 10 hours (it sends nothing). Meters are grouped 20 to a feeder, feeders round-robin into four
 * regions. Deterministic for a seed; not thread-safe.
 */
public final class MeterFleet {

    /** One reading. */
    public record Reading(String metric, String meter, String feeder, String region, Instant time, double value) {

        public String json() {
            return String.format(Locale.ROOT, "{\"metric\":\"%s\",\"dimensions\":{\"meter\":\"%s\",\"feeder\":\"%s\","
                    + "\"region\":\"%s\"},\"timestamp\":\"%s\",\"value\":%.4f}", metric, meter, feeder, region, time,
                    value);
        }
    }

    public static final String[] REGIONS = {"north", "south", "east", "west"};
    public static final int HEATER = 7;
    public static final int STUCK = 42;
    public static final int DRIFT = 100;
    /** A meter that stops sending for the last {@link #OFFLINE_HOURS} hours: silent, not anomalous. */
    public static final int OFFLINE = 33;
    public static final int OFFLINE_HOURS = 10;
    public static final int SAG_FEEDER = 3;
    /**
     * How fast meter 100's temperature sensor drifts, °C a day: 7.5 °C over the 5 days after {@link #driftFrom}, the
     * slowest of the rates tried (0.4 to 2) that the group model flags within those days on each of 8 calendars
     * (BENCHMARKS.md, "The slow drift in the demo"); below 0.06 °C an hour, under the reading noise.
     */
    public static final double DRIFT_PER_DAY = 1.5;
    /**
     * The meter group as the demo defines it: the four metrics by meter, on an hourly grid (the meters read hourly;
     * at the 5-minute window 11 of 12 rows would be empty).
     */
    public static final String GROUP = "{\"name\":\"meters\",\"metrics\":[\"power\",\"voltage\",\"current\","
            + "\"temperature\"],\"by\":[\"meter\"],\"step\":\"PT1H\"}";
    /**
     * EN 50160's supply band (230 V, -10 % to +10 %) as an alert rule that only adds its limits: the detector's flags
     * stay with the default rule, a window outside the band alerts (at most every 6 hours per meter).
     */
    public static final String STATUTORY_VOLTAGE = "{\"name\":\"statutory voltage\",\"metric\":\"voltage\","
            + "\"limits\":{\"lower\":207,\"upper\":253},\"conditionsOnly\":true,\"snooze\":\"PT6H\"}";

    private final int meters;
    private final Instant start;
    private final Instant end;
    private final Duration step;
    private final long seed;
    private final boolean faults;
    private final double[] base;
    private final double[] comfort;

    public MeterFleet(int meters, Instant end, Duration length, Duration step, long seed) {
        this(meters, end, length, step, seed, true);
    }

    /** @param faults false: the same fleet with nothing injected, so every incident it opens is a false one */
    public MeterFleet(int meters, Instant end, Duration length, Duration step, long seed, boolean faults) {
        this.faults = faults;
        this.meters = meters;
        this.end = end.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        this.start = this.end.minus(length);
        this.step = step;
        this.seed = seed;
        Random r = new Random(seed);
        base = new double[meters];
        comfort = new double[meters];
        for (int m = 0; m < meters; m++) {
            base[m] = 0.3 + 0.5 * r.nextDouble();
            comfort[m] = 19.5 + 2 * r.nextDouble();
        }
    }

    public static String meter(int m) {
        return String.format(Locale.ROOT, "m%04d", m);
    }

    public static String feeder(int m) {
        return String.format(Locale.ROOT, "f%02d", m / 20);
    }

    public static String region(int m) {
        return REGIONS[(m / 20) % REGIONS.length];
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return end;
    }

    /** When the faults begin: the heater 3 days before the end, the sag 2 days before, the stuck meter 4 days. */
    public Instant heaterFrom() {
        return end.minus(Duration.ofDays(3)).minus(Duration.ofHours(14));
    }

    public Instant sagFrom() {
        return end.minus(Duration.ofDays(2)).minus(Duration.ofHours(6));
    }

    public Instant stuckFrom() {
        return end.minus(Duration.ofDays(4)).minus(Duration.ofHours(9));
    }

    /** When meter 33 goes off the network: its last reading is the hour before. */
    public Instant offlineFrom() {
        return end.minus(Duration.ofHours(OFFLINE_HOURS));
    }

    /**
     * Where the group models' training span ends: before the first fault (the stuck meter), so the backfill's
     * faults are scored as new data; every meter's model then scores the last days of the backfill.
     */
    public Instant trainedUntil() {
        return stuckFrom().minus(Duration.ofHours(15));
    }

    /**
     * When meter 100's temperature sensor starts to drift: at the end of the group's training span (16 days in,
     * after the per-series detectors' 12-day hourly warm-up), so both detectors have learned a meter that read
     * true for weeks. A drift that starts inside those spans is partly learned as normal.
     */
    public Instant driftFrom() {
        return trainedUntil();
    }

    /** The fleet's number of meters. */
    public int meters() {
        return meters;
    }

    /** The steps of the fleet, oldest first. */
    public long steps() {
        return Duration.between(start, end).dividedBy(step);
    }

    /** Every reading of step {@code i}: four per meter. */
    public List<Reading> at(long i) {
        Instant t = start.plus(step.multipliedBy(i));
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        double hour = z.getHour() + z.getMinute() / 60.0;
        boolean restDay = z.getDayOfWeek() == DayOfWeek.SATURDAY || z.getDayOfWeek() == DayOfWeek.SUNDAY
                || holiday(z.toLocalDate());
        double days = Duration.between(start, t).toHours() / 24.0;
        // weather: a seasonal slide plus a cold spell in the second week, the same for the whole fleet
        double outdoor = 8 - 3 * Math.sin(2 * Math.PI * days / 30) - (days > 7 && days < 10 ? 6 : 0)
                - 4 * Math.cos(2 * Math.PI * (hour - 15) / 24);
        List<Reading> out = new ArrayList<>(meters * 4);
        Random r = new Random(seed * 1_000_003L + i);
        for (int m = 0; m < meters; m++) {
            double occupancy = restDay ? bump(hour, 9, 22) : bump(hour, 6.5, 8.5) + bump(hour, 17, 23);
            double heating = Math.max(0, comfort[m] - outdoor) * 0.06 * (0.5 + occupancy);
            double power = base[m] * (0.6 + 0.8 * occupancy) + heating + 0.05 * r.nextGaussian();
            double indoor = comfort[m] - 0.08 * Math.max(0, comfort[m] - outdoor) * (1 - occupancy)
                    + 0.15 * r.nextGaussian();
            double voltage = 230 - 2 * occupancy + 0.8 * r.nextGaussian();
            if (faults && m / 20 == SAG_FEEDER && !t.isBefore(sagFrom())
                    && t.isBefore(sagFrom().plus(Duration.ofHours(2)))) {
                voltage -= 23;
            }
            if (faults && m == HEATER && !t.isBefore(heaterFrom())) {
                power += 2.5;
                indoor += Math.min(6, Duration.between(heaterFrom(), t).toHours() * 0.5);
            }
            if (faults && m == DRIFT && t.isAfter(driftFrom())) {
                indoor += DRIFT_PER_DAY * Duration.between(driftFrom(), t).toHours() / 24.0;
            }
            double current = power * 1000 / voltage + 0.05 * r.nextGaussian();
            if (faults && m == STUCK && !t.isBefore(stuckFrom())) {
                // a dead register reads zero on every electrical channel; the room sensor goes on
                power = 0;
                current = 0;
                voltage = 0;
            }
            if (faults && m == OFFLINE && !t.isBefore(offlineFrom())) {
                continue;
            }
            String meter = meter(m);
            out.add(new Reading("power", meter, feeder(m), region(m), t, Math.max(0, power)));
            out.add(new Reading("voltage", meter, feeder(m), region(m), t, voltage));
            out.add(new Reading("current", meter, feeder(m), region(m), t, Math.max(0, current)));
            out.add(new Reading("temperature", meter, feeder(m), region(m), t, indoor));
        }
        return out;
    }

    private static final Set<String> HOLIDAYS = Set.of("12-25", "12-26", "01-01", "05-01", "10-03", "11-01");

    private static boolean holiday(LocalDate d) {
        return HOLIDAYS.contains(String.format(Locale.ROOT, "%02d-%02d", d.getMonthValue(), d.getDayOfMonth()));
    }

    /** 1 between {@code from} and {@code to} o'clock, with soft half-hour edges. */
    private static double bump(double hour, double from, double to) {
        return 1 / (1 + Math.exp(-(hour - from) * 4)) * (1 / (1 + Math.exp((hour - to) * 4)));
    }
}

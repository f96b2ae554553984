package dev.vigil.detection.batch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * The spacing unit of a series, as the Azure API names it. {@code customInterval} multiplies it. Also carries the
 * per-granularity defaults the service documented: the suggested last-detect window when no period is found, and
 * the change-point stable-trend window and threshold.
 *
 * <p>{@code microsecond} steps are milliseconds: the service placed such points by their epoch time in whole
 * milliseconds (its "microsecond" interval is 0.001 s), so 1 ms apart is one step, as in Microsoft's golden cases.
 */
public enum Granularity {
    YEARLY(ChronoUnit.YEARS, 12, 3, 0.9),
    MONTHLY(ChronoUnit.MONTHS, 12, 6, 0.9),
    WEEKLY(ChronoUnit.WEEKS, 12, 3, 0.9),
    DAILY(ChronoUnit.DAYS, 28, 5, 0.9),
    HOURLY(ChronoUnit.HOURS, 168, 24, 0.91),
    MINUTELY(ChronoUnit.MINUTES, 1440, 72, 0.9),
    SECONDLY(ChronoUnit.SECONDS, 1440, 72, 0.9),
    MICROSECOND(ChronoUnit.MILLIS, 1000, 100, 0.9),
    NONE(null, 1440, 100, 0.9);

    private final ChronoUnit unit;
    private final int defaultWindow;
    private final int stableTrendWindow;
    private final double changePointThreshold;

    Granularity(ChronoUnit unit, int defaultWindow, int stableTrendWindow, double changePointThreshold) {
        this.unit = unit;
        this.defaultWindow = defaultWindow;
        this.stableTrendWindow = stableTrendWindow;
        this.changePointThreshold = changePointThreshold;
    }

    /** The lower-case wire name (e.g. {@code "minutely"}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively; empty when unknown. */
    public static Optional<Granularity> fromWire(String name) {
        for (Granularity g : values()) {
            if (g.wireName().equalsIgnoreCase(name)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    /** Suggested last-detect window: 4·period+1 with a period, else the granularity's default window + 1. */
    public int suggestedWindow(int period) {
        return period > 0 ? 4 * period + 1 : defaultWindow + 1;
    }

    /** Default change-point stable-trend window (points). */
    public int stableTrendWindow() {
        return stableTrendWindow;
    }

    /** Default change-point confidence threshold. */
    public double changePointThreshold() {
        return changePointThreshold;
    }

    /**
     * Whether the spectral-residual model applies to non-periodic data of this spacing: sub-hour minutely data and
     * sub-hour secondly data (the service's "short interval" rule).
     */
    public boolean isShortInterval(int interval) {
        return (this == MINUTELY && interval < 60) || (this == SECONDLY && interval < 3600);
    }

    /**
     * Grid index of {@code t} relative to {@code origin}, in steps of {@code interval} units, or -1 when {@code t}
     * does not fall on that grid. Months and years are counted on the UTC calendar. Thread-safe.
     */
    public long gridIndex(Instant origin, Instant t, int interval) {
        if (this == NONE) {
            throw new IllegalArgumentException("granularity none has no time grid");
        }
        long units;
        if (unit == ChronoUnit.MONTHS || unit == ChronoUnit.YEARS) {
            ZonedDateTime a = origin.atZone(ZoneOffset.UTC);
            ZonedDateTime b = t.atZone(ZoneOffset.UTC);
            units = unit.between(a, b);
            if (!a.plus(units, unit).equals(b)) {
                return -1;
            }
        } else {
            // counted from seconds: ChronoUnit.MICROS.between goes through nanoseconds, which overflow a long beyond
            // 292 years (an hourly series from 1700 answered 500); years 1 to 9999 fit in microseconds
            long nanos = t.getNano() - origin.getNano();
            long micros = (t.getEpochSecond() - origin.getEpochSecond()) * 1_000_000 + nanos / 1000;
            long unitMicros = unit.getDuration().toNanos() / 1000;
            if (nanos % 1000 != 0 || micros % unitMicros != 0) {
                return -1;
            }
            units = micros / unitMicros;
        }
        return units % interval == 0 ? units / interval : -1;
    }
}

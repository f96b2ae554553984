package dev.vigil.detection;

import dev.vigil.detection.batch.BatchDetector;
import dev.vigil.detection.batch.BatchSettings;
import dev.vigil.detection.batch.Granularity;
import dev.vigil.detection.batch.GridSeries;
import dev.vigil.detection.batch.ImputeMode;
import dev.vigil.detection.batch.PointResult;
import java.util.Arrays;

/**
 * Judges a value as the last point of its series' stored history with the batch engine, the way the Azure API's
 * last-point detection does ({@link GridSeries}, then {@link BatchDetector#detectLast}, with the service's defaults:
 * period detected, {@code auto} gap filling, anomaly ratio 0.25, boundary V1). It serves series whose data are too
 * coarse for the streaming detector's 288-value warm-up: a daily series is judged from its 28th day
 * ({@link #warmUp}), against the weekly cycle the engine finds.
 *
 * <ul>
 *   <li>time grid: the step in whole weeks, days, hours or minutes ({@code weekly}, {@code daily} × k, ...); a
 *       history with a point off that grid (readings that drift across windows) is judged point after point as
 *       granularity {@code none};</li>
 *   <li>sensitivity: the pipeline's s (0..99) becomes the engine's min(s + 3, 99), so the pipeline's default 96 is
 *       the API's default 99 (margins of 1 % of |expected|) and each point less widens the margins by 1 % of
 *       |expected|;</li>
 *   <li>verdict: band = expected − lower margin .. expected + upper margin; score = (value − expected) / the band's
 *       half-width (0 for a zero-width band); a flag's severity is 0.5 + 0.5 · the engine's severity (V1:
 *       min(|value − expected| / |expected|, 1)), so it starts at 0.5 as a streaming flag's does at its threshold;
 *       reason {@value Verdict#VALUE}.</li>
 * </ul>
 * A lasting level shift in the history ({@link LevelShift}) is flagged once, with reason {@value Verdict#LEVEL}, on
 * the point that confirms it (the {@value LevelShift#CONFIRM}th at the new level), against the old level's band (a
 * confirmation that repeats one a few days before it is an ordinary day: {@link LevelShift#repeats});
 * later points are judged against the history before the shift moved to the new level, and once {@value #ALONE}
 * warm-ups of points follow the shift, against those points alone. Fewer than {@link #warmUp} points:
 * {@link Verdict#insufficientHistory()}. Immutable and thread-safe.
 */
public final class LastPointJudge {

    /** Stored with every result this judge gives, as a streaming detector's kind name is. */
    public static final String NAME = "vigil-batch";

    /** Bumped whenever what this judge does with the engine's answer, or the engine's maths, changes. */
    public static final int VERSION = 3;

    /** The Azure API's least number of points. */
    public static final int MIN_POINTS = 12;

    /**
     * Warm-ups of points after a level shift from which they are judged alone: 16 weeks of days. Before that the
     * history before the shift, moved to the new level, keeps the engine's cycle and trend steady (with only one
     * warm-up of new points, a fifth of a year's ordinary days were flagged more than with the moved history).
     */
    static final int ALONE = 4;

    /** The longest warm-up, in points: four weeks of 6-hourly data, well inside the history a coarse run reads. */
    static final int MAX_WARM_UP = 112;

    private final double sensitivity;

    /** @param sensitivity the pipeline's sensitivity, 0..99 */
    public LastPointJudge(int sensitivity) {
        if (sensitivity < 0 || sensitivity > 99) {
            throw new IllegalArgumentException("sensitivity must be in 0..99, was " + sensitivity);
        }
        this.sensitivity = Math.min(sensitivity + 3, 99);
    }

    /**
     * @param epochSeconds the points' times, strictly increasing, the judged point last
     * @param values       their values, finite
     * @param stepSeconds  the series' step (positive)
     * @return the verdict on the last point; warming up below {@link #warmUp} points
     * @throws IllegalArgumentException on arrays of different lengths, or a non-positive step
     */
    public Verdict judge(long[] epochSeconds, double[] values, long stepSeconds) {
        int n = values.length;
        if (epochSeconds.length != n || stepSeconds <= 0) {
            throw new IllegalArgumentException("need one time per value and a positive step");
        }
        if (n < warmUp(stepSeconds)) {
            return Verdict.insufficientHistory();
        }
        StepGrid grid = StepGrid.of(stepSeconds);
        long[] positions = grid.positions(epochSeconds);
        Granularity granularity = positions == null ? Granularity.NONE : grid.granularity();
        if (positions == null) {
            positions = new long[n];
            for (int i = 0; i < n; i++) {
                positions[i] = i;
            }
        }
        GridSeries g = GridSeries.of(values, positions, granularity, grid.interval(), null, ImputeMode.AUTO, 0);
        boolean shortInterval = granularity.isShortInterval(grid.interval());
        double[] x = g.values();
        int shift = LevelShift.latest(x, g.period());
        int since = x.length - shift;
        if (shift > 0 && since == LevelShift.CONFIRM && !LevelShift.repeats(x, shift, g.period())) {
            return confirming(values[n - 1], LevelShift.oldLevel(x, shift, g.period()));
        }
        if (shift > 0 && since >= ALONE * warmUp(stepSeconds)) {
            x = Arrays.copyOfRange(x, shift, x.length); // enough of the new level to judge against it alone
        } else if (shift > 0 && since > LevelShift.CONFIRM) {
            x = LevelShift.adjusted(x, shift, g.period());
        }
        PointResult r = BatchDetector.detectLast(x, new BatchSettings(g.period(), sensitivity, 0.25, shortInterval,
                false));
        double value = values[n - 1];
        double lower = r.expected() - r.lowerMargin();
        double upper = r.expected() + r.upperMargin();
        double half = (upper - lower) / 2;
        double score = half > 0 ? (value - r.expected()) / half : 0;
        double severity = r.anomaly() ? 0.5 + 0.5 * Math.min(Math.max(r.severity(), 0), 1) : 0;
        return new Verdict(r.expected(), lower, upper, r.anomaly(), severity, score, false, Verdict.VALUE);
    }

    /**
     * The point that confirms a level shift: flagged, reason {@value Verdict#LEVEL} (so it is the change point),
     * against the band the shift was confirmed with, its same-weekday level before the shift ± {@value LevelShift#K} σ,
     * which it lies beyond.
     * Not the engine's verdict: its fit of a history that ends in {@value LevelShift#CONFIRM} points at the new level
     * leans towards them, and on series with a weak weekly cycle it let most confirmed steps pass unflagged, so they
     * never became change points (6 % of a held-out half of meters' steps, BENCHMARKS.md "Meters").
     */
    static Verdict confirming(double value, LevelShift.OldLevel old) {
        double half = LevelShift.K * old.sigma();
        double deviation = Math.abs(value - old.expected());
        double relative = old.expected() != 0 ? deviation / Math.abs(old.expected()) : 1;
        return new Verdict(old.expected(), old.expected() - half, old.expected() + half, true,
                0.5 + 0.5 * Math.min(relative, 1), (value - old.expected()) / half, false, Verdict.LEVEL);
    }

    /**
     * Points a series needs before it is judged: four cycles of the calendar period its step suggests (a week of
     * days or half-days, else a day of hours or shorter steps), at least the API's {@value #MIN_POINTS} and at most
     * {@value #MAX_WARM_UP}; 28 for a daily series, which is what the engine needs to find a weekly cycle (with 12
     * daily points it finds none and flags every weekend).
     */
    static int warmUp(long stepSeconds) {
        long period = 0;
        if (604_800 % stepSeconds == 0 && 604_800 / stepSeconds <= 28) {
            period = 604_800 / stepSeconds;
        } else if (86_400 % stepSeconds == 0) {
            period = 86_400 / stepSeconds;
        }
        return (int) Math.min(Math.max(4 * period, MIN_POINTS), MAX_WARM_UP);
    }
}

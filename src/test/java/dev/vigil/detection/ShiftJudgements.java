package dev.vigil.detection;

import dev.vigil.detection.LevelShiftVariant.Kind;
import dev.vigil.detection.batch.BatchDetector;
import dev.vigil.detection.batch.BatchSettings;
import dev.vigil.detection.batch.Granularity;
import dev.vigil.detection.batch.GridSeries;
import dev.vigil.detection.batch.ImputeMode;
import java.util.Arrays;

/**
 * What the shift study (BENCHMARKS "Coarse series", branch shift5) sees of one point of a coarse series under each
 * {@link Kind} of level-shift test: the judge's preparation ({@link LastPointJudge}: grid, filled days, the engine's
 * period), the start of the latest shift each kind finds, and the judge's flag on the point when its level handling
 * takes that start. Where a kind finds the same start as today's, its verdict is today's (the real judge's); else the
 * judge's steps after the shift are replayed with the kind's start. Index k of each array is {@code Kind.values()[k]}.
 *
 * @param warmingUp fewer points than the judge's warm-up
 * @param since     points from each kind's shift start to the end (n − start), or −1 without a shift
 * @param anomaly   the judge's flag on the last point with each kind's start (false when not judged)
 */
public record ShiftJudgements(boolean warmingUp, int[] since, boolean[] anomaly) {

    private static final long DAY = 86_400;
    private static final LastPointJudge TODAY = new LastPointJudge(96);

    /** Number of kinds (today first). */
    public static int kinds() {
        return Kind.values().length;
    }

    public static String name(int kind) {
        return Kind.values()[kind].name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the last point confirms a shift under the kind (a flag of it is a change point). */
    public boolean confirming(int kind) {
        return since[kind] == LevelShift.CONFIRM;
    }

    /** Every kind's shift and verdict on the last of {@code values} (daily points at {@code epochSeconds}). */
    public static ShiftJudgements judge(long[] epochSeconds, double[] values) {
        return of(epochSeconds, values, false);
    }

    /** Every kind's shift; verdicts only where some kind confirms a shift on the last point (a cheap scan). */
    public static ShiftJudgements scan(long[] epochSeconds, double[] values) {
        return of(epochSeconds, values, true);
    }

    private static ShiftJudgements of(long[] t, double[] values, boolean onlyConfirming) {
        int n = values.length;
        int kinds = kinds();
        if (n < LastPointJudge.warmUp(DAY)) {
            return new ShiftJudgements(true, new int[kinds], new boolean[kinds]);
        }
        StepGrid grid = StepGrid.of(DAY);
        long[] positions = grid.positions(t);
        Granularity granularity = positions == null ? Granularity.NONE : grid.granularity();
        if (positions == null) {
            positions = new long[n];
            for (int i = 0; i < n; i++) {
                positions[i] = i;
            }
        }
        GridSeries g = GridSeries.of(values, positions, granularity, grid.interval(), null, ImputeMode.AUTO, 0);
        double[] x = g.values();
        int[] shift = new int[kinds];
        int[] since = new int[kinds];
        boolean any = false;
        for (int k = 0; k < kinds; k++) {
            shift[k] = LevelShiftVariant.latest(x, g.period(), Kind.values()[k]);
            since[k] = shift[k] > 0 ? x.length - shift[k] : -1;
            any |= since[k] == LevelShift.CONFIRM;
        }
        if (shift[0] != LevelShift.latest(x, g.period())) {
            throw new IllegalStateException("the variant's today is not LevelShift's");
        }
        boolean[] anomaly = new boolean[kinds];
        if (onlyConfirming && !any) {
            return new ShiftJudgements(false, since, anomaly);
        }
        anomaly[0] = TODAY.judge(t, values, DAY).anomaly();
        boolean shortInterval = granularity.isShortInterval(grid.interval());
        for (int k = 1; k < kinds; k++) {
            anomaly[k] = shift[k] == shift[0] ? anomaly[0] : replay(x, shift[k], g.period(), shortInterval);
        }
        return new ShiftJudgements(false, since, anomaly);
    }

    /** LastPointJudge's steps after its call to LevelShift.latest, with {@code shift} in its place. */
    static boolean replay(double[] grid, int shift, int period, boolean shortInterval) {
        double[] x = grid;
        int since = x.length - shift;
        if (shift > 0 && since >= LastPointJudge.ALONE * LastPointJudge.warmUp(DAY)) {
            x = Arrays.copyOfRange(x, shift, x.length);
        } else if (shift > 0 && since > LevelShift.CONFIRM) {
            x = LevelShift.adjusted(x, shift, period);
        }
        return BatchDetector.detectLast(x, new BatchSettings(period, 99, 0.25, shortInterval, false)).anomaly();
    }

    /** The replay with today's start gives today's flag (the study checks this on a sample of points). */
    public static boolean replayAgrees(long[] t, double[] values) {
        StepGrid grid = StepGrid.of(DAY);
        long[] positions = grid.positions(t);
        if (positions == null || values.length < LastPointJudge.warmUp(DAY)) {
            return true;
        }
        GridSeries g = GridSeries.of(values, positions, grid.granularity(), grid.interval(), null, ImputeMode.AUTO,
                0);
        boolean r = replay(g.values(), LevelShift.latest(g.values(), g.period()), g.period(),
                grid.granularity().isShortInterval(grid.interval()));
        return r == TODAY.judge(t, values, DAY).anomaly();
    }

    /** The trace of one start: today's test and each candidate's at s, on the daily grid of {@code values}. */
    public static String trace(double[] values, int s) {
        long[] positions = new long[values.length];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
        }
        GridSeries g = GridSeries.of(values, positions, Granularity.DAILY, 1, null, ImputeMode.AUTO, 0);
        StringBuilder b = new StringBuilder("period " + g.period());
        for (Kind k : Kind.values()) {
            LevelShiftVariant.Check c = LevelShiftVariant.check(g.values(), s, g.period(), k);
            b.append(String.format(java.util.Locale.ROOT, " | %s: centre %.2f σ (explained %.2f σ), σ %.3f, slope "
                    + "%.4f/day, new points %s σ, centred %s, beyond %s", k, c.centre() / c.sigma(),
                    c.explained() / c.sigma(), c.sigma(), c.slope(), fmt(c.z()), c.centred(), c.beyond()));
        }
        return b.toString();
    }

    /** Today's test at s: {centred, the new points beyond K σ on one side (whatever the centre)}. */
    public static boolean[] todaysTests(double[] values, int s) {
        long[] positions = new long[values.length];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
        }
        GridSeries g = GridSeries.of(values, positions, Granularity.DAILY, 1, null, ImputeMode.AUTO, 0);
        LevelShiftVariant.Check c = LevelShiftVariant.check(g.values(), s, g.period(), Kind.TODAY);
        boolean oneSide = true;
        for (double z : c.z()) {
            oneSide &= Math.abs(z) > LevelShift.K && Math.signum(z) == Math.signum(c.z()[0]);
        }
        return new boolean[]{c.centred(), oneSide};
    }

    private static String fmt(double[] z) {
        StringBuilder b = new StringBuilder("[");
        for (double v : z) {
            b.append(b.length() > 1 ? " " : "").append(String.format(java.util.Locale.ROOT, "%.1f", v));
        }
        return b.append("]").toString();
    }
}

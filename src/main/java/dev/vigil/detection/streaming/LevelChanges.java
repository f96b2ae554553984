package dev.vigil.detection.streaming;

import static dev.vigil.detection.streaming.LikelihoodDetector.LEVEL_WINDOW;
import static dev.vigil.detection.streaming.LikelihoodDetector.WINDOW;

/**
 * The level changes {@link LikelihoodDetector} has confirmed: the change points, the confirmed trend, and the
 * one-sided run of values that confirms a step on a seasonal series. The detector decides when a change is confirmed
 * and moves its long-run mean and profiles; this class holds what it remembers of the changes and the tests that
 * tell a step from a change of slope.
 *
 * <p><b>Change points</b> (version 3): a level shift that re-bases the long-run mean keeps its surprisal even below
 * the recent peak, so the step's confirmation is reported with reason {@code level} after the value alert that
 * announced it; a re-base within {@value LikelihoodDetector#LEVEL_WINDOW} values of a reported one is the same shift
 * settling into the level window and is not reported again ({@link #isNews}).
 *
 * <p><b>Seasonal steps and trends</b> (version 4): on a seasonal series a step smaller than the daily swing hides
 * from the level feature (its spread includes the swing). When the last {@value LikelihoodDetector#LEVEL_WINDOW}
 * values have all lain on one side of their seasonal prediction for at least {@code shiftCycles} (a quarter) of the
 * daily cycle, by at least {@code shiftErrors} (5) typical errors, and that run held a shape or level surprisal of an
 * alert, the step is confirmed: reported with reason {@code level} and the seasonal profiles re-based to it
 * ({@link #seasonalShift}). A confirmed level change (either kind) that follows another in the same direction, whose
 * window a straight line fits at least as well as a step (Schwarz's criterion) with a slope agreeing with the two
 * changes' rate, is a change of slope: reported with reason {@code trend}, and the long-run level then follows that
 * slope (the level feature judges values against the projected level), so a steady rise is not alerted on as a new
 * level every few hours ({@link #trendChange}). Slopes are not extrapolated into the seasonal profiles (that cost the
 * KPIs 0.08 of F1); they keep learning at their own pace.
 *
 * <p>The fields are read and written directly by {@link LikelihoodSnapshot}. Not thread-safe.
 */
final class LevelChanges {

    private final RecentWindow window;

    /** Confirmed trend, in series units per second (0: none); seasonal profiles and the long-run mean are detrended. */
    double trendSlope;
    /** Where the confirmed trend's offset is 0. */
    long trendOrigin;
    /** Time and signed size of the last confirmed level change (a trend needs two that agree). */
    long lastChangeEpoch = Long.MIN_VALUE;
    double lastChangeMove;
    /** The largest surprisal since the values began to lie on one side of their baseline. */
    double runPeak;
    /** The baseline's typical error when the one-sided run began (before the shift could inflate it). */
    double runScale;
    /** When the values began to lie on one side of their baseline. */
    long runStart;
    /** Values learned since the last reported change point (a confirmed level shift), capped at the level window. */
    int sinceChangePoint = LEVEL_WINDOW;

    LevelChanges(RecentWindow window) {
        this.window = window;
    }

    /** The confirmed trend's part of a value at time {@code t}. */
    double trend(long t) {
        return trendSlope == 0 ? 0 : trendSlope * (t - trendOrigin);
    }

    /** Mean of the level window, x at {@code t} included, detrended by the confirmed trend. */
    double level(long t, double x) {
        return window.level(t, x, trendSlope, trendOrigin);
    }

    /** Whether a level change now is a new change point, not the last one settling into the level window. */
    boolean isNews() {
        return sinceChangePoint >= LEVEL_WINDOW;
    }

    /** A change point at {@code t} that moved the level by {@code move}. */
    void confirm(long t, double move) {
        sinceChangePoint = 0;
        lastChangeEpoch = t;
        lastChangeMove = finite(move);
    }

    /** Counts a learned value. */
    void learned() {
        sinceChangePoint = Math.min(sinceChangePoint + 1, LEVEL_WINDOW);
    }

    /**
     * Follows the run of values on one side of their baseline: x's offset {@code pending} on the same side as the
     * newest stored value's continues it, else a new run starts at {@code t}, its size judged against the baseline's
     * {@code usual} error as it is now. {@code sustained} is x's largest sustained (shape or level) surprisal.
     */
    void followRun(long t, double pending, double sustained, double usual) {
        boolean sameSide = window.count > 0 && pending != 0
                && Math.signum(pending) == Math.signum(window.offset[window.back(0)]);
        runPeak = sameSide ? Math.max(runPeak, sustained) : sustained;
        if (!sameSide) {
            runStart = t;
            // a profile overflowed by values at the input bound has no usual error: no shift can be confirmed on it
            runScale = Double.isNaN(usual) ? Double.POSITIVE_INFINITY : usual;
        }
    }

    /**
     * A sustained level shift against the seasonal profiles: the last {@value LikelihoodDetector#LEVEL_WINDOW} values
     * (x, with offset {@code pending}, included) all lie on one side of their baseline (the seasonal prediction),
     * their mean offset is at least {@code shiftErrors} typical errors of that prediction as they were when the run
     * began, and the run holds a sustained surprise (shape or level feature) of an alert ({@code alertSurprisal}).
     * Noise puts 24 values on one side about once in 8 million; a series that wanders around its profile does it
     * often, but then without the size and the sustained surprise. Returns the run's largest sustained surprisal,
     * or 0.
     */
    double seasonalShift(double pending, double shiftErrors, double alertSurprisal) {
        double sign = Math.signum(pending);
        for (int j = 0; j < WINDOW - 1; j++) {
            if (Math.signum(window.offset[window.back(j)]) != sign) {
                return 0;
            }
        }
        boolean large = Math.abs(window.meanOffset(pending)) >= shiftErrors * runScale;
        return sign != 0 && large && runPeak >= alertSurprisal ? runPeak : 0;
    }

    /** {@code v}, or 0 when an overflow at the input bound made it infinite or NaN. */
    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    /**
     * Whether a confirmed level change at {@code t} that moved the level by {@code move} is a change of slope: the
     * previous confirmed change moved the level the same way, the recent window's offsets from their baselines (x's
     * is {@code pending}) fit a straight line at least as well as a single step (by Schwarz's criterion), and that
     * line's slope has the sign of the two changes' rate ({@code move / time since}) and at most 3 times its size.
     * Two confirmed moves the same way and no step between: a short ramp (a morning rise, one incident) is one
     * change, not a trend to extrapolate for days. If so the rate is added to the confirmed slope, the trend's origin
     * moves to {@code t} and the window's offsets and seasonal z-scores are cleared; the caller moves the long-run mean
     * to the line's end ({@link #level} now).
     */
    boolean trendChange(long t, double move, double pending) {
        if (!Double.isFinite(move) || lastChangeEpoch == Long.MIN_VALUE || t <= lastChangeEpoch || move * lastChangeMove <= 0) {
            return false;
        }
        double rate = move / (t - lastChangeEpoch);
        int n = Math.min(window.count, WINDOW - 1) + 1;
        if (n < 8) {
            return false;
        }
        double[] dt = new double[n];
        double[] r = new double[n];
        dt[0] = 0;
        r[0] = pending;
        for (int j = 1; j < n; j++) {
            int at = window.back(j - 1);
            dt[j] = window.epochs[at] - t;
            r[j] = window.offset[at];
        }
        double mt = 0;
        double mr = 0;
        for (int j = 0; j < n; j++) {
            mt += dt[j] / n;
            mr += r[j] / n;
        }
        double sxx = 0;
        double sxy = 0;
        for (int j = 0; j < n; j++) {
            sxx += (dt[j] - mt) * (dt[j] - mt);
            sxy += (dt[j] - mt) * (r[j] - mr);
        }
        if (!(sxx > 0)) {
            return false;
        }
        double b = sxy / sxx;
        double a = mr - b * mt;
        double lineSse = 0;
        for (int j = 0; j < n; j++) {
            double e = r[j] - a - b * dt[j];
            lineSse += e * e;
        }
        // the offsets are from seasonal baselines that do not carry the confirmed trend: judge the change of slope
        b -= trendSlope;
        double stepSse = Double.POSITIVE_INFINITY;
        // values are newest first: a split after index k puts r[0..k] after the step
        for (int k = 1; k < n - 2; k++) {
            stepSse = Math.min(stepSse, sse(r, 0, k + 1) + sse(r, k + 1, n));
        }
        // a step has two more free parameters than a line (a second mean and where it falls): it must earn them
        // (Schwarz's criterion), so a noisy window of a slow ramp is not mistaken for a step
        boolean ramp = n * Math.log(Math.max(lineSse, 1e-300) / Math.max(stepSse, 1e-300)) <= 2 * Math.log(n);
        if (!ramp || b * rate <= 0 || Math.abs(b) > 3 * Math.abs(rate)) {
            return false;
        }
        // x ~ baseline(t) + a + rate (t' - t): fold the old trend and the offset into the detrended state
        if (!Double.isFinite(trendSlope + rate)) {
            return false;
        }
        trendSlope += rate;
        trendOrigin = t;
        window.clearOffsets();
        window.clearZ();
        return true;
    }

    /** Sum of squared deviations of {@code r[from..to)} from their mean. */
    private static double sse(double[] r, int from, int to) {
        double m = 0;
        for (int j = from; j < to; j++) {
            m += r[j];
        }
        m /= to - from;
        double e = 0;
        for (int j = from; j < to; j++) {
            e += (r[j] - m) * (r[j] - m);
        }
        return e;
    }
}

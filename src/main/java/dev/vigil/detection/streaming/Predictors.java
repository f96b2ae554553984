package dev.vigil.detection.streaming;

import static dev.vigil.detection.streaming.LikelihoodDetector.WINDOW;

/**
 * The predictors of {@link LikelihoodDetector} and what they learn: the seasonal profiles, the last value, the fast
 * level, each predictor's scale, and the long-run mean, spread and step of the values with the range seen. A value
 * is forecast before it is learned ({@link #forecast}); its residual is the detector's first feature.
 *
 * <p><b>Predictors</b> (each with a running mean absolute error as its scale, in the series' units): the last value
 * carried on by a quarter of the last step ({@code momentum} 0.25, version 5, chosen by cross-validation: it cut
 * realKnownCause's false-positive rows at NAB's threshold from 70 to 49; why is only partly established, see
 * {@code naivePrediction});
 * an exponentially weighted level (weight 0.1); the daily profile (same time-of-day slot, up to 288 slots, see
 * {@link SeasonalProfile}); the weekly profile (hour-of-week slots). Time maps to slots by the clock, so hourly,
 * irregular and gappy series need nothing special. A seasonal predictor is used once its slot was visited 3 times;
 * with a caller-given period the daily profile uses that period and the weekly profile is off. Scales have a floor
 * of 0.1 % of the value range seen (and of 1e-9 |x|), so a constant series gives finite features.
 *
 * <p><b>White noise</b> (version 7): once the long-run mean's own mean absolute error has learned {@code meanSettle}
 * (1,000) values and is at most {@code meanPredictor} (1.1) times that of every ready predictor (no predictor beats the
 * mean: white noise), the long-run mean joins the residual's predictors. On white noise the fast predictors (the last
 * value, the fast level) follow a chance run of the last few values, and a value at the far edge of the noise's range
 * then looked like a rare error against the nearest of them: the two flags at sensitivity 96 after probation on NAB's
 * anomaly-free {@code art_noisy} (uniform noise). A spike beyond the noise's range is as far from the mean as from the
 * fast predictors, so it is still found. The settling keeps the rule off young series (the mean's error is still the
 * spread of the first values around their running mean).
 *
 * <p>The fields are read and written directly by {@link LikelihoodSnapshot}. Not thread-safe.
 */
final class Predictors {

    /** Weight of the fast exponentially weighted level (predictor 2). */
    static final double FAST_ALPHA = 0.1;
    /** Weight of the running mean absolute error of each predictor. */
    static final double SCALE_ALPHA = 0.01;
    /** Weight of the long-run mean, variance and mean |step| of the values (level and volatility features). */
    static final double LONG_ALPHA = 0.0005;
    /** Weight of one visit of a daily slot (a slot is visited once a day). */
    static final double DAILY_VISIT_ALPHA = 0.15;
    /** Weight of each update of a weekly (hour-of-week) slot: mostly the same hour of the last week or two. */
    static final double WEEKLY_UPDATE_ALPHA = 0.5;
    /** Visits a seasonal slot needs before its predictor is used. */
    static final int SEASON_VISITS = 3;
    static final int NAIVE = 0, EWMA = 1, DAILY = 2, WEEKLY = 3, PREDICTORS = 4;

    private final LikelihoodTuning tuning;
    /** The recent values (the last step, for the momentum) and the confirmed trend (the long-run mean is detrended). */
    private final RecentWindow window;
    private final LevelChanges changes;
    final SeasonalProfile daily;
    final SeasonalProfile weekly;
    private final int dailyPerVisit;
    private final int weeklyPerVisit;

    double last;
    double level;
    final double[] scale = new double[PREDICTORS];
    final int[] scaleCount = new int[PREDICTORS];
    double longMean;
    double longVar;
    double longStep;
    /** Running mean absolute error of the long-run mean as a predictor ({@code meanPredictor} tuning). */
    double longMae;
    int longMaeCount;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    Predictors(LikelihoodTuning tuning, long step, SeasonalProfile daily, SeasonalProfile weekly, RecentWindow window,
               LevelChanges changes) {
        this.tuning = tuning;
        this.window = window;
        this.changes = changes;
        this.daily = daily;
        this.weekly = weekly;
        this.dailyPerVisit = daily == null ? 1 : (int) Math.max(1, daily.slotSeconds() / step);
        this.weeklyPerVisit = weekly == null ? 1 : (int) Math.max(1, weekly.slotSeconds() / step);
    }

    static SeasonalProfile dailyProfile(LikelihoodDetectorKind kind, long step) {
        long period = kind.settings().period().map(p -> p.getSeconds()).orElse(86_400L);
        return SeasonalProfile.sized(period, step, step, 288, DAILY_VISIT_ALPHA, true);
    }

    static SeasonalProfile weeklyProfile(LikelihoodDetectorKind kind, long step) {
        return kind.settings().period().isPresent() ? null
                : SeasonalProfile.sized(604_800L, Math.max(step, 3600), step, 168, WEEKLY_UPDATE_ALPHA, false);
    }

    /** What the predictors expect of one value, judged before it is learned. */
    static final class Forecast {
        /** The scales' floor for this value. */
        double floor;
        final double[] pred = new double[PREDICTORS];
        /** Each predictor's scale at this value (its slot's spread for a seasonal one), at least the floor. */
        final double[] s = new double[PREDICTORS];
        final boolean[] ready = new boolean[PREDICTORS];
        /** The ready predictor with the smallest scale, -1 when none is ready. */
        int best = -1;
        /** Feature 1: {@code min_i |x - p_i| / scale_i} over the ready predictors (no predictor explains x). */
        double residual = Double.POSITIVE_INFINITY;
    }

    /** The forecast of x at {@code t}, {@code missing} values after the last one learned. */
    Forecast forecast(long t, double x, long missing) {
        Forecast f = new Forecast();
        double floor = floorScale(x);
        f.floor = floor;
        double[] pred = f.pred;
        double[] s = f.s;
        boolean[] ready = f.ready;
        ready[NAIVE] = missing <= WINDOW && scaleCount[NAIVE] >= 10;
        pred[NAIVE] = naivePrediction();
        s[NAIVE] = Math.max(scale[NAIVE], floor);
        ready[EWMA] = scaleCount[EWMA] >= 10;
        pred[EWMA] = level;
        s[EWMA] = Math.max(scale[EWMA], floor);
        if (daily != null) {
            int slot = daily.slot(t);
            ready[DAILY] = daily.count(slot) >= SEASON_VISITS * dailyPerVisit && scaleCount[DAILY] >= 10;
            pred[DAILY] = daily.mean(slot);
            s[DAILY] = Math.max(Math.max(daily.deviation(slot), 0.25 * scale[DAILY]), floor);
        }
        if (weekly != null) {
            int slot = weekly.slot(t);
            ready[WEEKLY] = weekly.count(slot) >= Math.min(127, SEASON_VISITS * weeklyPerVisit)
                    && scaleCount[WEEKLY] >= 10;
            pred[WEEKLY] = weekly.mean(slot);
            s[WEEKLY] = Math.max(Math.max(weekly.deviation(slot), 0.25 * scale[WEEKLY]), floor);
        }
        double meanMargin = tuning.meanPredictor();
        boolean meanReady = meanMargin > 0 && longMaeCount >= tuning.meanSettle();
        double residual = Double.POSITIVE_INFINITY;
        int best = -1;
        double bestScale = Double.POSITIVE_INFINITY;
        for (int i = 0; i < PREDICTORS; i++) {
            if (ready[i]) {
                residual = Math.min(residual, Math.abs(x - pred[i]) / s[i]);
                bestScale = Math.min(bestScale, scale[i]);
                if (best < 0 || s[i] < s[best]) {
                    best = i;
                }
            }
        }
        if (meanReady && best >= 0 && longMae <= meanMargin * bestScale) {
            // white noise: the mean is its best predictor; the fast ones' chance excursions would only add error
            residual = Math.min(residual, Math.abs(x - longMean - changes.trend(t)) / Math.max(longMae, floor));
        }
        f.residual = residual;
        f.best = best;
        return f;
    }

    /** The scales' floor: 0.1 % of the value range seen, and 1e-9 |x|, so a constant series gives finite features. */
    double floorScale(double x) {
        double range = max > min ? max - min : 0;
        return Math.max(1e-3 * range, 1e-9 * (1 + Math.abs(x)));
    }

    /**
     * Predictor 1: the last value plus {@code momentum} times the last step (with {@code momentum} 0, v4's last
     * value). The counts behind it (BENCHMARKS.md, "Momentum") fit this reading, not yet tested: a continuing move,
     * which the smoothed and seasonal predictors lag behind, is explained by the carried-on step, so the residual's
     * tail on normal values is lighter, while an onset (after a small step) is not explained, so anomalies stand
     * further above it.
     */
    private double naivePrediction() {
        double momentum = tuning.momentum();
        if (momentum == 0 || window.count < 3) {
            return last;
        }
        double a = window.values[window.back(0)];
        return a + momentum * (a - window.values[window.back(1)]);
    }

    /**
     * Learns each predictor's error on x, the {@code seen}-th value (before the recent window stores it: the
     * momentum's step is the one before x).
     */
    void learnScales(long t, double x, long seen) {
        if (seen > 0) {
            updateScale(NAIVE, Math.abs(x - naivePrediction()));
            updateScale(EWMA, Math.abs(x - level));
            if (daily != null && daily.count(daily.slot(t)) > 0) {
                updateScale(DAILY, Math.abs(x - daily.mean(daily.slot(t))));
            }
            if (weekly != null && weekly.count(weekly.slot(t)) > 0) {
                updateScale(WEEKLY, Math.abs(x - weekly.mean(weekly.slot(t))));
            }
        }
    }

    /** x's z-score against the daily profile, 0 without one or where its slot is empty. */
    float dailyZ(long t, double x) {
        return daily == null ? 0 : (float) zOf(daily, DAILY, t, x);
    }

    /** x's z-score against the weekly profile, 0 without one or where its slot is empty. */
    float weeklyZ(long t, double x) {
        return weekly == null ? 0 : (float) zOf(weekly, WEEKLY, t, x);
    }

    /**
     * Learns x, the {@code seen}-th value, into the profiles, the fast level and the long-run mean, spread, step and
     * range (after its scales and z-scores, which judge it against what was learned before it).
     */
    void learn(long t, double x, long seen) {
        if (daily != null) {
            daily.learn(daily.slot(t), x);
        }
        if (weekly != null) {
            weekly.learn(weekly.slot(t), x);
        }
        double a = Math.max(LONG_ALPHA, 1.0 / (seen + 1));
        if (seen > 0) {
            double as = Math.max(LONG_ALPHA, 1.0 / seen);
            longStep += as * (Math.abs(x - last) - longStep);
        }
        level = seen == 0 ? x : level + FAST_ALPHA * (x - level);
        double d = x - changes.trend(t) - longMean;
        if (seen > 0) {
            longMae += Math.max(SCALE_ALPHA, 1.0 / (longMaeCount + 1)) * (Math.abs(d) - longMae);
            longMaeCount = Math.min(longMaeCount + 1, Integer.MAX_VALUE - 1);
        }
        longMean += a * d;
        longVar = (1 - a) * (longVar + a * d * d);
        min = Math.min(min, x);
        max = Math.max(max, x);
        last = x;
    }

    private double zOf(SeasonalProfile p, int k, long t, double x) {
        int slot = p.slot(t);
        if (p.count(slot) == 0) {
            return 0;
        }
        double sc = Math.max(Math.max(p.deviation(slot), 0.25 * scale[k]), floorScale(x));
        return (x - p.mean(slot)) / sc;
    }

    private void updateScale(int i, double err) {
        double a = Math.max(SCALE_ALPHA, 1.0 / (scaleCount[i] + 1));
        scale[i] += a * (err - scale[i]);
        if (scaleCount[i] < Integer.MAX_VALUE) {
            scaleCount[i]++;
        }
    }

    /**
     * The predictors' part of {@link LikelihoodDetector#rebase}: the move is {@code measured} when the caller measured
     * it, else the median of what the given values show ({@link #move}); the daily and weekly profiles, each slot by
     * the part it has not learned yet, and the long-run mean, by the part it has not learned yet, are shifted by it.
     * Returns the move, or NaN (nothing shifted) when none was measured and no value shows one. Values at or before
     * {@code lastEpoch} count as learned, as the last of the {@code seen} values learned.
     */
    double rebase(long[] epochs, double[] values, long lastEpoch, long seen, double measured) {
        // the part of the move each slot has not learned yet: a value learned since the change moved its slot by
        // its weight times the move
        double[] dailyLeft = remaining(daily, epochs, lastEpoch);
        double[] weeklyLeft = remaining(weekly, epochs, lastEpoch);
        double[] moves = new double[values.length];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            double move = move(epochs[i], values[i], dailyLeft, weeklyLeft);
            if (!Double.isNaN(move)) {
                moves[n++] = move;
            }
        }
        double delta = measured;
        if (Double.isNaN(delta)) {
            if (n == 0) {
                return Double.NaN;
            }
            java.util.Arrays.sort(moves, 0, n);
            delta = n % 2 == 1 ? moves[n / 2] : (moves[n / 2 - 1] + moves[n / 2]) / 2;
        }
        if (daily != null) {
            daily.shift(delta, dailyLeft);
        }
        if (weekly != null) {
            weekly.shift(delta, weeklyLeft);
        }
        longMean += delta * longLeft(epochs, lastEpoch, seen);
        return delta;
    }

    /**
     * The share of a level move the long-run mean has not learned from the given values learned since the change.
     * Before, the whole move was added to a mean that had learned part of it already (a third of it three days after
     * the change at 5-minute steps), and the level feature then saw the old level on the other side.
     */
    private static double longLeft(long[] epochs, long lastEpoch, long seen) {
        long learned = 0;
        for (long t : epochs) {
            learned += t <= lastEpoch ? 1 : 0;
        }
        // the weight each of them had in learn(), as the last `learned` of the `seen` values
        double left = 1;
        for (long s = Math.max(0, seen - learned); s < seen; s++) {
            left *= 1 - Math.max(LONG_ALPHA, 1.0 / (s + 1));
        }
        return left;
    }

    /** Per slot, the share of a level move it has not learned from the values since the change. */
    private static double[] remaining(SeasonalProfile p, long[] epochs, long lastEpoch) {
        if (p == null) {
            return null;
        }
        double[] left = new double[p.slots()];
        java.util.Arrays.fill(left, 1.0);
        for (long t : epochs) {
            if (t <= lastEpoch) {
                left[p.slot(t)] *= 1 - p.weight(p.slot(t));
            }
        }
        return left;
    }

    /**
     * The move one value shows: its distance from the learned seasonal mean (daily, else weekly, else the long-run
     * mean), scaled up by the part of the move its slot has not learned; NaN when the slot learned nearly all of it.
     */
    private double move(long t, double x, double[] dailyLeft, double[] weeklyLeft) {
        SeasonalProfile p = daily != null && daily.count(daily.slot(t)) > 0 ? daily
                : weekly != null && weekly.count(weekly.slot(t)) > 0 ? weekly : null;
        if (p == null) {
            return x - changes.trend(t) - longMean;
        }
        double left = (p == daily ? dailyLeft : weeklyLeft)[p.slot(t)];
        return left < 0.2 ? Double.NaN : (x - p.mean(p.slot(t))) / left;
    }
}

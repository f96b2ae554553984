package dev.vigil.detection.streaming;

import static dev.vigil.detection.streaming.Predictors.DAILY;
import static dev.vigil.detection.streaming.Predictors.WEEKLY;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;

/**
 * The default streaming detector ({@link LikelihoodDetectorKind}): simple predictors with adaptively normalised
 * errors give four features; each feature's value is turned into a tail probability against its own past
 * ({@link TailProbability}), and the score is the largest surprisal, {@code -log10} of that probability.
 *
 * <p><b>Predictors</b>: the last value carried on by part of the last step, a fast exponentially weighted level,
 * and the daily and weekly profiles, each with its running mean absolute error as its scale; on white noise the
 * long-run mean joins them (version 7). See {@link Predictors}.
 *
 * <p><b>Features</b> of a value {@code x}, judged before it is learned:
 * <ol>
 *   <li>{@code residual}: {@code min_i |x - p_i| / scale_i} over the ready predictors (no predictor explains x);</li>
 *   <li>{@code seasonal}: the smaller over the ready seasonal profiles of |mean signed seasonal z| over the last
 *       {@value #SEASONAL_WINDOW} values (a sustained departure from the usual shape of the day or week);</li>
 *   <li>{@code level}: |mean of the last {@value #LEVEL_WINDOW} values - long-run mean| / long-run sd (weight
 *       0.0005): a level shift or a slow slide;</li>
 *   <li>{@code volatility}: mean |step| over the last {@value #LEVEL_WINDOW} values / its long-run mean: spikes
 *       getting denser, noise changing. Off by default: cross-validation found it adds false alarms
 *       (BENCHMARKS.md).</li>
 * </ol>
 * The level feature's tail remembers {@code levelMemory} (10) times longer than the others: its values are means of
 * 24 values, so a short memory holds too few independent peaks for a stable fit.
 * The score is {@code S = max_j surprisal_j} (with the isolation member's, below). Like Numenta's anomaly
 * likelihood, it judges each raw feature against that feature's own distribution in this series, so one threshold
 * fits all series; the tails are generalised Pareto fits (peaks over threshold), not Gaussian.
 *
 * <p><b>One event, one report</b> (version 2): the detector keeps the recent peak of {@code S}, decaying by
 * {@code peakDecay} (0.995) per value; a value whose {@code S} lies below the decayed peak reports 0. Whatever the
 * threshold, an incident then crosses it once, at its start, and a ramp reports only its new highs: NAB counts the
 * first detection in each anomaly window and charges every later one outside it, and users read a repeated alert
 * for one incident as noise. A large surprise fades in about {@code ln(S / threshold) / 0.005} values (220 for a
 * surprisal of 12 against 3). Version 1 muted a fixed 300 values after an alert of {@code alertSurprisal}
 * ({@code dampedSteps}, {@code damping}; both off by default now): that hid close-together incidents and let
 * ramps below the alert level report every value. With {@code rebase}, a level shift whose surprisal reaches
 * {@code alertSurprisal} moves the long-run mean to the recent mean (a change point: the detector then judges the
 * new level as normal instead of alerting on it for days).
 *
 * <p><b>Decision</b>: the band, the flag at the sensitivity's threshold and its severity ({@link FlagDecision}).
 * The verdict's reason names the feature with the largest surprisal.
 *
 * <p><b>Warm-up</b>: the first {@code warmUpPoints} values are only learned. With {@code calibrateWhileLearning}
 * (the default) the tails learn the features meanwhile, from the 11th value on, and need {@code tailWarmUp} of
 * them; so the verdict says {@code warmingUp} for {@code max(warmUpPoints, 11 + tailWarmUp)} values (288 with the
 * defaults: one day of 5-minute data, 12 days of hourly data). Without it the two warm-ups add up. From version 3 it
 * also lasts until {@code warmUpCycles} (3) daily cycles, or caller-given periods, have passed since the first
 * value: a daily slot's predictor is ready after three visits, and before that a daily step (a morning ramp) is an
 * unexplained residual that the residual's tail has seen only once or twice (a false alarm on NAB's anomaly-free
 * {@code art_daily_small_noise}). 5-minute data then waits three days; hourly data still 288 values.
 *
 * <p><b>Change points</b> (version 3) <b>and seasonal steps and trends</b> (version 4): a level shift that re-bases
 * the long-run mean, a sustained one-sided departure from the seasonal profiles, and a change of slope are confirmed
 * and reported even below the recent peak ({@link LevelChanges}).
 *
 * <p><b>One report per slow ramp</b> (version 5): while the level feature's surprisal stays at 1 or more, a new report
 * of it must beat the run's last report by {@code runMargin} (0.35) decades; a slow ramp otherwise beats the decayed
 * peak every few values, and in the traces of realKnownCause, the short cuts and the server metrics such
 * continuations were most of the level feature's false alarms (BENCHMARKS.md, horizon9). Confirmed change points are
 * not held back.
 *
 * <p><b>Gaps</b> (version 8): a gap of more than {@value #WINDOW} steps empties the recent window; the window-mean
 * features then wait for a full window, and the level feature skips a window left uneven over the daily cycle by a
 * gap of a few hours in hourly data ({@link RecentWindow}).
 *
 * <p><b>A prior on the tails' peak share</b> (version 9, {@code peakPrior} 50): the shape, level and volatility
 * features are means over a window, so the 200 values their tails learn in the warm-up hold few independent peaks,
 * and a tail that saw none gave the next value just over its threshold a probability of 0 (surprisal 12: on hourly
 * daily cycles most of the flags at 6 or more). Their peak share now starts at a normal tail's share and counts as
 * 50 values ({@link TailProbability}); the residual's tail, whose values are nearly independent, keeps none.
 *
 * <p><b>An isolation member</b> (version 10): how isolated a value is among the last 256 values, as a surprisal,
 * joins the maximum a quarter decade down, with reason {@code rare}; only on data that comes every 30 minutes or
 * faster (version 11), and not for a new extreme within a few typical steps of the range (version 12). See
 * {@link IsolationMember}.
 *
 * <p><b>Weekly recurrence</b> (version 13): a flag at an hour of the week that was flagged in three of the four weeks
 * before, at about the value flagged there last, is withheld (the score stays): a weekly pattern the hour-of-week
 * profile has not caught, such as the first values of every weekend ({@link WeeklyRecurrence}).
 *
 * <p><b>State</b>: fixed size, independent of the number of values: about 5 KB for 5-minute data (288 daily and
 * 168 weekly slots of 9 bytes, 24 recent values with their times and offsets, a few scalars) and the isolation
 * member's 256 values (2 KB in a snapshot, 4 KB in memory with their sorted copy), and 1.5 KB of weekly recurrence
 * (168 hours of the week, 9 bytes each). Not thread-safe.
 */
final class LikelihoodDetector implements StreamingDetector {

    /** Values averaged by the sustained seasonal-deviation feature. */
    static final int SEASONAL_WINDOW = 6;
    /** Values averaged by the level and volatility features. */
    static final int LEVEL_WINDOW = 24;
    static final int WINDOW = LEVEL_WINDOW;

    /** Values at the end of a rebuild that the isolation member judges (and its tail learns); see {@link #learn}. */
    static final int REBUILD_JUDGED = 600;
    static final int RESIDUAL = 0, SEASONAL = 1, LEVEL = 2, VOLATILITY = 3, FEATURES = 4;

    final LikelihoodDetectorKind kind;
    final long step;

    long lastEpoch = Long.MIN_VALUE;
    /** Time of the first value (warm-up in time, {@code warmUpCycles}). */
    long firstEpoch;
    long seen;
    /** The last {@value #WINDOW} values with their times, seasonal z-scores and offsets. */
    final RecentWindow window = new RecentWindow();
    /** The current value's offset, kept from judging to learning. */
    private double pendingOffset;
    /** The confirmed change points and trend. */
    final LevelChanges changes = new LevelChanges(window);
    /** The predictors, their scales and the long-run mean, spread and step. */
    final Predictors predictors;
    final TailProbability[] tails = new TailProbability[FEATURES];
    /** The adaptive-resonance member ({@code resonance} tuning), or null. */
    final ResonanceNovelty resonance;
    /** Its surprisal for the current value, kept from observing to judging. */
    private double resonanceSurprisal;
    /** The isolation member ({@code isolation} tuning) and when it judges. */
    final IsolationMember isolation;
    /** Its surprisal for the current value less {@code isolationOffset}, kept from observing to judging. */
    private double isolationSurprisal;
    /**
     * Per sustained feature (seasonal, level), the surprisal last reported in its current run of values at surprisal
     * 1 or more, 0 outside a run ({@code runMargin} tuning).
     */
    final double[] runReported = new double[FEATURES];
    int suppressLeft;
    /** The flags given and the anomaly ratio. */
    final FlagDecision decision;
    /** The largest surprisal of the recent past, decaying by {@code peakDecay} per value (with {@code peakDecay} > 0). */
    double peak;
    /** The feature with the largest surprisal in the last judged value (not part of the snapshot). */
    int lastReason;

    LikelihoodDetector(LikelihoodDetectorKind kind, long stepSeconds) {
        this(kind, stepSeconds, Predictors.dailyProfile(kind, stepSeconds),
                Predictors.weeklyProfile(kind, stepSeconds));
    }

    LikelihoodDetector(LikelihoodDetectorKind kind, long step, SeasonalProfile daily, SeasonalProfile weekly) {
        this.kind = kind;
        this.step = step;
        LikelihoodTuning t = kind.tuning();
        this.predictors = new Predictors(t, step, daily, weekly, window, changes);
        for (int j = 0; j < FEATURES; j++) {
            double alpha = j == LEVEL ? t.tailAlpha() / t.levelMemory() : t.tailAlpha();
            // the prior on the peak share (peakPrior) for the features that are means over a window: their values
            // overlap, so their warm-up holds few independent peaks and often none
            tails[j] = new TailProbability(alpha, t.tailSds(), 0.05, t.tailWarmUp(), t.minShape(),
                    j == RESIDUAL ? 0 : t.peakPrior());
        }
        this.resonance = t.resonance() == 0 ? null : new ResonanceNovelty(t.resonance(), step,
                new TailProbability(t.tailAlpha(), t.tailSds(), 0.05, ResonanceNovelty.TAIL_WARM_UP, t.minShape()));
        this.isolation = new IsolationMember(t, step, window);
        this.decision = new FlagDecision(t);
    }

    @Override
    public DetectorKind kind() {
        return kind;
    }

    @Override
    public Verdict observe(long epochSecond, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, was " + value);
        }
        if (seen > 0 && epochSecond <= lastEpoch) {
            throw new IllegalArgumentException("time must move forward: " + epochSecond + " <= " + lastEpoch);
        }
        long missing = seen == 0 ? 0 : Math.max(0, Math.round((double) (epochSecond - lastEpoch) / step) - 1);
        if (missing > WINDOW) {
            window.clear(); // the short windows no longer describe the recent past
        }
        resonanceSurprisal = resonance == null ? 0 : resonance.observe(epochSecond, value);
        isolationSurprisal = isolation.surprisal(epochSecond, value, seen, lastEpoch, predictors.longStep);
        Verdict verdict = judge(epochSecond, value, missing);
        learn(epochSecond, value);
        return verdict;
    }

    /**
     * A rebuild (after an upgrade) learns every value as {@link #observe} does, except that the isolation member, nearly
     * all of a value's cost (11 of 12 us at 5-minute steps; BENCHMARKS.md, "An upgrade at fleet scale"), only fills
     * its sample with the older values and judges the last {@value #REBUILD_JUDGED}, so that its tail has learned
     * as many of its values as a live 5-minute series' member has when judging starts on the third day.
     */
    @Override
    public void learn(long[] epochs, double[] values) {
        checkLengths(epochs, values);
        try {
            for (int i = 0; i < epochs.length; i++) {
                isolation.filling = i < epochs.length - REBUILD_JUDGED;
                observe(epochs[i], values[i]);
            }
        } finally {
            isolation.filling = false;
        }
    }

    /** The daily cycle, or the caller-given period. */
    private long cycleSeconds() {
        return kind.settings().period().map(p -> p.getSeconds()).orElse(86_400L);
    }

    private Verdict judge(long t, double x, long missing) {
        boolean learning = seen < kind.settings().warmUpPoints()
                || (seen > 0 ? t - firstEpoch : 0) < kind.tuning().warmUpCycles() * cycleSeconds();
        if (learning && !kind.tuning().calibrateWhileLearning()) {
            return Verdict.insufficientHistory();
        }
        Predictors.Forecast f = predictors.forecast(t, x, missing);
        if (f.best < 0) {
            return Verdict.insufficientHistory();
        }
        double floor = f.floor;
        double[] pred = f.pred;
        double[] s = f.s;
        boolean[] ready = f.ready;
        boolean seasonalReady = ready[DAILY] || ready[WEEKLY];
        double[] feature = new double[FEATURES];
        // after a gap emptied the window (not at the start, where every value joins it, as in v7)
        boolean refilling = kind.tuning().fullWindows() && window.count < seen;
        boolean seasonalFull = !refilling || window.count >= SEASONAL_WINDOW - 1;
        boolean levelFull = !refilling || window.count >= LEVEL_WINDOW - 1;
        boolean[] used = {true, seasonalReady && seasonalFull, kind.tuning().levelFeature() && levelFull
                && !window.unevenOverCycle(t, kind.tuning().gapSpan(), step, cycleSeconds()), kind.tuning().volatility()};
        feature[RESIDUAL] = f.residual;
        feature[SEASONAL] = seasonalReady ? seasonalDeviation(x, pred, s, ready) : 0;
        feature[LEVEL] = levelShift(t, x, floor);
        pendingOffset = x - (ready[DAILY] ? pred[DAILY] : ready[WEEKLY] ? pred[WEEKLY]
                : predictors.longMean + changes.trend(t));
        feature[VOLATILITY] = volatility(x, floor);

        boolean judging = tails[RESIDUAL].ready();
        double surprisal = 0;
        double sustained = 0;
        int reason = RESIDUAL;
        for (int j = 0; j < FEATURES; j++) {
            if (used[j]) {
                double sj = tails[j].surprisal(feature[j]);
                sustained = j == SEASONAL || j == LEVEL ? Math.max(sustained, sj) : sustained;
                if (sj < 1) {
                    runReported[j] = 0;
                }
                if (sj > surprisal) {
                    surprisal = sj;
                    reason = j;
                }
                tails[j].learn(feature[j]);
            }
        }
        if (resonanceSurprisal > surprisal) {
            // a window unlike any learned one is news about the shape of the recent past
            surprisal = resonanceSurprisal;
            reason = SEASONAL;
        }
        if (isolationSurprisal > surprisal) {
            // a value where the series seldom goes, whatever the predictors expected
            surprisal = isolationSurprisal;
            reason = RARE;
        }
        lastReason = reason;
        if (!judging || learning) {
            return Verdict.insufficientHistory();
        }
        LikelihoodTuning tuning = kind.tuning();
        boolean changePoint = false;
        changes.followRun(t, pendingOffset, sustained,
                ready[DAILY] ? s[DAILY] : ready[WEEKLY] ? s[WEEKLY]
                        : Math.max(Math.sqrt(predictors.longVar), floor));
        if (suppressLeft > 0) {
            suppressLeft--;
            surprisal *= tuning.damping();
        } else if (surprisal >= tuning.alertSurprisal()) {
            suppressLeft = tuning.dampedSteps();
            if (reason == LEVEL && tuning.rebase()) {
                // re-bases within the level window after a confirmed one are the same shift settling into the
                // window's mean, not new change points
                boolean news = changes.isNews();
                double move = changes.level(t, x) - predictors.longMean;
                if (news && tuning.trends() && changes.trendChange(t, move, pendingOffset)) {
                    reason = TREND;
                }
                // a change point: the long-run mean moves to the recent mean, x included (after a change of slope,
                // to the new line's end); the spread is kept
                predictors.longMean = changes.level(t, x);
                // the shift is confirmed: that is news of its own (a change point), even while the value or shape
                // surprise that announced the step still holds the peak
                changePoint = tuning.reportChangePoints() && news;
                if (news) {
                    changes.confirm(t, move);
                }
            }
        }
        if (!changePoint && tuning.seasonalShifts() && seasonalReady && changes.isNews() && window.count == WINDOW) {
            // on a seasonal series a step is often smaller than the daily swing: the level feature (against the
            // long-run spread, swing included) misses it and the value and shape features see it instead
            // and it must outlast an incident: a quarter of the daily cycle (6 hours) on one side
            double confirmed = t - changes.runStart >= tuning.shiftCycles() * cycleSeconds()
                    ? changes.seasonalShift(pendingOffset, tuning.shiftErrors(), tuning.alertSurprisal()) : 0;
            if (confirmed > 0) {
                // a step: the seasonal profiles move to the new level (slopes are the long-run level's alone, found
                // by the level feature: extrapolating a slope into the profiles cost the KPIs 0.08 of F1)
                surprisal = Math.max(surprisal, confirmed);
                reason = LEVEL;
                changes.confirm(t, window.meanOffset(pendingOffset));
                rebaseWindow(t, x);
                changes.runPeak = 0;
                changePoint = true;
            }
        }
        if (tuning.peakDecay() > 0) {
            // only a surprisal above the recent, decaying peak is reported: whatever the threshold, an event crosses
            // it once (NAB and users count the first alert of an incident; every later one is a false alarm)
            double bar = peak * tuning.peakDecay();
            peak = Math.max(bar, surprisal);
            if (surprisal < bar && !changePoint) {
                surprisal = 0;
            }
        }
        if (tuning.runMargin() > 0 && surprisal > 0 && !changePoint && (reason == SEASONAL || reason == LEVEL)
                && (tuning.runFeatures() & (reason == LEVEL ? 1 : 2)) != 0) {
            // a slow ramp of a sustained feature beats the decayed peak every few values; the run is one event, so
            // only a clear rise within it is news (traces: such continuations are most of the level's false alarms)
            if (runReported[reason] > 0 && surprisal < runReported[reason] + tuning.runMargin()) {
                surprisal = 0;
            } else {
                runReported[reason] = surprisal;
            }
        }
        return decision.decide(kind, t, step <= 3_600, x, pred[f.best], s[f.best], surprisal, REASONS[reason],
                changePoint);
    }

    /** The verdict's reason for each feature. */
    private static final String[] REASONS = {Verdict.VALUE, Verdict.SHAPE, Verdict.LEVEL, Verdict.VOLATILITY,
        Verdict.TREND, Verdict.RARE};
    /** Reason index of a confirmed change of slope (not a feature of its own: the level feature or a seasonal shift finds it). */
    static final int TREND = FEATURES;
    /** Reason index of the isolation member (a member beside the predictors' features). */
    static final int RARE = FEATURES + 1;

    /** Re-bases the seasonal profiles and the long-run mean on the recent window (x included), as a confirmed step. */
    private void rebaseWindow(long t, double x) {
        double keep = peak;
        rebase(window.epochsThen(t), window.valuesThen(x), Double.NaN);
        peak = keep;
        // the long-run level is the window's (the profiles' move need not be the level's: it may be re-based already)
        predictors.longMean = changes.level(t, x);
        window.clearOffsets();
    }

    /** Feature 2: the smaller over the ready seasonal profiles of |mean seasonal z| over the last values, x included. */
    private double seasonalDeviation(double x, double[] pred, double[] s, boolean[] ready) {
        double seasonal = Double.POSITIVE_INFINITY;
        boolean sharper = kind.tuning().sharperSeasonal() && ready[DAILY] && ready[WEEKLY];
        for (int k = DAILY; k <= WEEKLY; k++) {
            if (ready[k] && !(sharper && s[k] > s[DAILY + WEEKLY - k])) {
                seasonal = Math.min(seasonal, window.meanAbsZ(k == DAILY, (x - pred[k]) / s[k]));
            }
        }
        return seasonal;
    }

    /** Feature 3: |mean of the last values, x included, - long-run mean| / long-run sd. */
    private double levelShift(long t, double x, double floor) {
        return Math.abs(changes.level(t, x) - predictors.longMean) / Math.max(Math.sqrt(predictors.longVar), floor);
    }

    /** Feature 4: mean |step| over the last values, x included, / long-run mean |step|. */
    private double volatility(double x, double floor) {
        return window.count < 1 ? 0 : window.meanStep(x) / Math.max(predictors.longStep, floor);
    }

    private void learn(long t, double x) {
        // scales, then z-scores, against what was learned before x; then the window, then the profiles and long run
        predictors.learnScales(t, x, seen);
        window.add(t, x, predictors.dailyZ(t, x), predictors.weeklyZ(t, x), pendingOffset);
        pendingOffset = 0;
        predictors.learn(t, x, seen);
        changes.learned();
        if (seen == 0) {
            firstEpoch = t;
        }
        lastEpoch = t;
        seen++;
    }

    /**
     * Re-bases on a confirmed change point: the move {@code delta} is {@code measured}, or else the median of
     * {@code x - e} over the given values, {@code e} the daily profile's mean for the value's slot (else the weekly's,
     * else the long-run mean) as learned so far; the daily and weekly profiles and the long-run mean are shifted by the
     * part of it they have not learned since the change, the recent values from before the change by all of it, and
     * the recent seasonal deviations are cleared, so neither the residual, the shape nor the level feature sees the old
     * level again; the muting (if configured) and the peak of the change's own alert are dropped, so an anomaly on the
     * new level is flagged at once. Scales and tails are kept: the series' noise did not change.
     *
     * <p>The change is at the first given time ({@code epochs} ascending, else refused): recent values stored before
     * it are shifted, those at or after it are not, whatever was given. Each given value at or before the last learned time also
     * counts its slot as having learned part of the move; one that was never learned (a window that arrived after
     * newer ones is rejudged, not learned) or a learned one left out misweights its slot by one visit. A move the
     * caller {@code measured} (not NaN: feedback measures it week over week, {@link dev.vigil.detection.LevelMove})
     * is taken as it is: the profiles cannot tell it on a series with a weekly rhythm, nor once every slot has
     * learned most of it (at 5-minute steps about ten days after the change); unless this detector confirmed a
     * change of its own since {@value #LEVEL_WINDOW} steps before the first given time: it re-based then, and only
     * what its profiles still show is left.
     */
    @Override
    public double rebase(long[] epochs, double[] values, double measured) {
        checkLengths(epochs, values);
        if (values.length == 0 || seen == 0) {
            return Double.NaN;
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values must be finite, was " + values[i]);
            }
            // the change is at the first time: out of order, the split of the recent values would be wrong
            if (i > 0 && epochs[i] < epochs[i - 1]) {
                throw new IllegalArgumentException("epochs must ascend, " + epochs[i] + " follows " + epochs[i - 1]);
            }
        }
        if (Double.isInfinite(measured)) {
            throw new IllegalArgumentException("the measured move must be finite or NaN, was " + measured);
        }
        // a change this detector confirmed itself about then was re-based on already: a measured move would count
        // it twice, and what is left is what the profiles show
        boolean confirmedItself = changes.lastChangeEpoch != Long.MIN_VALUE
                && changes.lastChangeEpoch >= epochs[0] - LEVEL_WINDOW * step;
        double delta = predictors.rebase(epochs, values, lastEpoch, seen, confirmedItself ? Double.NaN : measured);
        if (Double.isNaN(delta)) {
            return Double.NaN;
        }
        window.shiftBefore(epochs[0], delta);
        window.clearZ();
        // the change was the incident that muted the scores after its alert: with it explained, listen again
        suppressLeft = 0;
        peak = 0;
        return delta;
    }

    private static void checkLengths(long[] epochs, double[] values) {
        if (epochs.length != values.length) {
            throw new IllegalArgumentException("epochs and values differ in length: " + epochs.length + " and "
                    + values.length);
        }
    }

    @Override
    public byte[] snapshot() {
        return LikelihoodSnapshot.write(this);
    }
}

package dev.vigil.detection.streaming;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;

/**
 * The standard streaming detector ({@link EnsembleDetectorKind}): an ensemble of simple predictors whose errors are
 * normalised adaptively, plus two sustained-change features, each scored for novelty and combined by their maximum.
 *
 * <p><b>Predictors</b> (each with a running mean absolute error as its scale, in the series' units):
 * the last value; an exponentially weighted level (weight 0.1); the daily profile (mean of the same time-of-day slot,
 * up to 288 slots, see {@link SeasonalProfile}); the weekly profile (hour-of-week slots, weighted towards the latest
 * week, see {@link #WEEKLY_UPDATE_ALPHA}). A seasonal predictor is used
 * once its slot was visited {@value #SEASON_VISITS} times; with a caller-given period the daily profile uses that
 * period and the weekly profile is off. Scales have a floor of 0.1 % of the value range seen (and of 1e-9 |x|), so a
 * constant series gives finite scores.
 *
 * <p><b>Features</b>, per value {@code x} judged before it is learned:
 * <ol>
 *   <li>residual: {@code min_i |x - p_i| / scale_i} over the ready predictors (an anomaly only if no predictor
 *       explains the value);</li>
 *   <li>sustained seasonal deviation: the smaller over the daily and weekly profiles of the absolute mean of the
 *       signed seasonal z-scores of the last {@value #SEASONAL_WINDOW} values;</li>
 *   <li>level shift: {@code |mean of the last 24 values - long-term mean| / long-term sd} (weight 0.0005).</li>
 * </ol>
 * Each feature goes through its own {@link NoveltyScore}; the surprise is the maximum of the three. A surprise of at
 * least {@value #ALERT_SURPRISE} starts an alert, after which surprises are multiplied by {@value #DAMPING} for
 * {@value #DAMPED_STEPS} steps (NAB rewards the first detection of an anomaly and charges every later one outside its
 * window as a false positive).
 *
 * <p><b>Decision</b>: the expected value is the prediction of the ready predictor with the smallest scale; the band is
 * that prediction plus or minus {@link #bandWidth(int)} scales; the value is an anomaly when the surprise reaches
 * {@link #threshold(int)} and the direction, minimum deviation and maximum anomaly ratio allow it. Severity is
 * {@code s / (s + threshold)} for anomalies (so at least 0.5), else 0.
 *
 * <p><b>Warm-up</b>: the first {@code warmUpPoints} values are only learned; the features are then learned for
 * {@value #NOVELTY_WARM_UP} more values before anything can be flagged. The verdict says {@code warmingUp} for the
 * whole time (888 values with the defaults: about 3 days of 5-minute windows).
 *
 * <p><b>Gaps</b>: time is mapped to seasonal slots by the clock, so missing windows leave their slots untouched; when
 * more than {@value #WINDOW} windows are missing, the short windows are cleared and the last-value predictor is not
 * used for the first value after the gap. Time must move forward (a repeated or earlier time is rejected).
 *
 * <p><b>State</b>: fixed size, independent of the number of values: about 4.8 KB for 5-minute data (288 daily and
 * 168 weekly slots of 9 bytes, 24 recent values, a few scalars). Not thread-safe.
 */
final class EnsembleDetector implements StreamingDetector {

    static final int MAGIC = 0x5647454e; // "VGEN"

    /** Weight of the fast exponentially weighted level (predictor 2). */
    static final double FAST_ALPHA = 0.1;
    /** Weight of the running mean absolute error of each predictor. */
    static final double SCALE_ALPHA = 0.01;
    /** Weight of the long-term mean and variance of the values (level feature). */
    static final double LONG_ALPHA = 0.0005;
    /** Weight of the running distribution of each feature in {@link NoveltyScore}. */
    static final double NOVELTY_ALPHA = 0.002;
    /** Feature values each {@link NoveltyScore} learns before it may report a surprise. */
    static final int NOVELTY_WARM_UP = 600;
    /** Values averaged by the sustained seasonal-deviation feature. */
    static final int SEASONAL_WINDOW = 6;
    /** Values averaged by the level-shift feature. */
    static final int LEVEL_WINDOW = 24;
    static final int WINDOW = Math.max(SEASONAL_WINDOW, LEVEL_WINDOW);
    /** Weight of one visit of a daily slot (a slot is visited once a day). */
    static final double DAILY_VISIT_ALPHA = 0.15;
    /**
     * Weight of each update of a weekly (hour-of-week) slot. It is high on purpose: with 5-minute data a slot is
     * updated 12 times per visit, so it holds mostly the last values of the same hour one week earlier, a
     * seasonal-naive predictor at weekly lag; with hourly data it averages about the last two weeks. On the NAB
     * development set 0.5 scored best (0.3: 6 points lower; 0.4 to 0.6: 3 to 5 points lower; a smooth weekly mean:
     * 12 points lower).
     */
    static final double WEEKLY_UPDATE_ALPHA = 0.5;
    /** Visits a seasonal slot needs before its predictor is used. */
    static final int SEASON_VISITS = 3;
    /** A surprise at or above this starts an alert: the following surprises are damped. */
    static final double ALERT_SURPRISE = 1.0;
    /** Steps for which surprises are damped after an alert (about one day of 5-minute windows). */
    static final int DAMPED_STEPS = 300;
    /** Factor applied to surprises while damped. */
    static final double DAMPING = 0.3;

    private static final int NAIVE = 0, EWMA = 1, DAILY = 2, WEEKLY = 3, PREDICTORS = 4;

    private final EnsembleDetectorKind kind;
    private final long step;
    private final SeasonalProfile daily;
    private final SeasonalProfile weekly;
    private final int dailyPerVisit;
    private final int weeklyPerVisit;

    private long lastEpoch = Long.MIN_VALUE;
    private long seen;
    private double last;
    private double level;
    private final double[] scale = new double[PREDICTORS];
    private final int[] scaleCount = new int[PREDICTORS];
    private double longMean;
    private double longVar;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private final double[] recent = new double[WINDOW];
    private final float[] dailyZ = new float[WINDOW];
    private final float[] weeklyZ = new float[WINDOW];
    private int recentCount;
    private int head;
    private final NoveltyScore residualNovelty = new NoveltyScore(NOVELTY_ALPHA, 0.05, NOVELTY_WARM_UP, NoveltyScore.DECAY);
    private final NoveltyScore seasonalNovelty = new NoveltyScore(NOVELTY_ALPHA, 0.05, NOVELTY_WARM_UP, NoveltyScore.DECAY);
    /** Level shifts persist, so their records fade more slowly (half-life about 7,000 steps). */
    private final NoveltyScore levelNovelty = new NoveltyScore(NOVELTY_ALPHA, 0.05, NOVELTY_WARM_UP, 0.9999);
    private int suppressLeft;
    private double anomalyRate;

    EnsembleDetector(EnsembleDetectorKind kind, long stepSeconds) {
        this.kind = kind;
        this.step = stepSeconds;
        long dailyPeriod = kind.settings().period().map(p -> p.getSeconds()).orElse(86_400L);
        this.daily = SeasonalProfile.sized(dailyPeriod, stepSeconds, stepSeconds, 288, DAILY_VISIT_ALPHA, true);
        this.weekly = kind.settings().period().isPresent() ? null
                : SeasonalProfile.sized(604_800L, Math.max(stepSeconds, 3600), stepSeconds, 168, WEEKLY_UPDATE_ALPHA,
                        false);
        this.dailyPerVisit = daily == null ? 1 : (int) Math.max(1, daily.slotSeconds() / stepSeconds);
        this.weeklyPerVisit = weekly == null ? 1 : (int) Math.max(1, weekly.slotSeconds() / stepSeconds);
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
            recentCount = 0; // the short windows no longer describe the recent past
        }
        Verdict verdict = judge(epochSecond, value, missing);
        learn(epochSecond, value);
        return verdict;
    }

    private double floorScale(double x) {
        double range = max > min ? max - min : 0;
        return Math.max(1e-3 * range, 1e-9 * (1 + Math.abs(x)));
    }

    private Verdict judge(long t, double x, long missing) {
        if (seen < kind.settings().warmUpPoints()) {
            return Verdict.insufficientHistory();
        }
        double floor = floorScale(x);
        double[] pred = new double[PREDICTORS];
        double[] s = new double[PREDICTORS];
        boolean[] ready = new boolean[PREDICTORS];
        ready[NAIVE] = missing <= WINDOW && scaleCount[NAIVE] >= 10;
        pred[NAIVE] = last;
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
        double residual = Double.POSITIVE_INFINITY;
        int best = -1;
        for (int i = 0; i < PREDICTORS; i++) {
            if (ready[i]) {
                residual = Math.min(residual, Math.abs(x - pred[i]) / s[i]);
                if (best < 0 || s[i] < s[best]) {
                    best = i;
                }
            }
        }
        if (best < 0) {
            return Verdict.insufficientHistory();
        }
        boolean seasonalReady = ready[DAILY] || ready[WEEKLY];
        double seasonal = seasonalReady ? seasonalDeviation(x, pred, s, ready) : 0;
        double levelShift = levelShift(x, floor);

        boolean judging = residualNovelty.ready(); // before that every surprise is 0
        double surprise = residualNovelty.surprise(residual);
        if (seasonalReady) {
            surprise = Math.max(surprise, seasonalNovelty.surprise(seasonal));
        }
        surprise = Math.max(surprise, levelNovelty.surprise(levelShift));
        residualNovelty.learn(residual);
        if (seasonalReady) {
            seasonalNovelty.learn(seasonal);
        }
        levelNovelty.learn(levelShift);
        if (!judging) {
            return Verdict.insufficientHistory();
        }

        if (suppressLeft > 0) {
            suppressLeft--;
            surprise *= DAMPING;
        } else if (surprise >= ALERT_SURPRISE) {
            suppressLeft = DAMPED_STEPS;
        }
        return decide(x, pred[best], s[best], surprise);
    }

    /**
     * Feature 2: the smaller over the ready seasonal profiles of |mean seasonal z| over the last
     * {@value #SEASONAL_WINDOW} values, x included.
     */
    private double seasonalDeviation(double x, double[] pred, double[] s, boolean[] ready) {
        int n = Math.min(recentCount, SEASONAL_WINDOW - 1);
        double seasonal = Double.POSITIVE_INFINITY;
        for (int k = DAILY; k <= WEEKLY; k++) {
            if (ready[k]) {
                float[] buf = k == DAILY ? dailyZ : weeklyZ;
                double sum = (x - pred[k]) / s[k];
                for (int j = 0; j < n; j++) {
                    sum += buf[(head - 1 - j + 2 * WINDOW) % WINDOW];
                }
                seasonal = Math.min(seasonal, Math.abs(sum) / (n + 1));
            }
        }
        return seasonal;
    }

    /** Feature 3: |mean of the last {@value #LEVEL_WINDOW} values, x included, - long-term mean| / long-term sd. */
    private double levelShift(double x, double floor) {
        int n = Math.min(recentCount, LEVEL_WINDOW - 1);
        double sum = x;
        for (int j = 0; j < n; j++) {
            sum += recent[(head - 1 - j + 2 * WINDOW) % WINDOW];
        }
        return Math.abs(sum / (n + 1) - longMean) / Math.max(Math.sqrt(longVar), floor);
    }

    private Verdict decide(double x, double expected, double scaleOfBest, double surprise) {
        DetectorSettings st = kind.settings();
        double halfWidth = bandWidth(st.sensitivity()) * scaleOfBest;
        double deviation = x - expected;
        boolean anomaly = surprise >= threshold(st.sensitivity())
                && st.direction().allows(deviation)
                && Math.abs(deviation) >= st.minAbsoluteDeviation()
                && Math.abs(deviation) >= st.minRelativeDeviation() * Math.abs(expected)
                && anomalyRate < st.maxAnomalyRatio();
        anomalyRate += (anomaly ? 1 - anomalyRate : -anomalyRate) / 288.0;
        double severity = anomaly ? surprise / (surprise + threshold(st.sensitivity())) : 0;
        return new Verdict(expected, expected - halfWidth, expected + halfWidth, anomaly, severity, surprise, false);
    }

    /** Half-width of the band in units of the predictor's typical error: 10 at sensitivity 0, 1.5 at 99. */
    static double bandWidth(int sensitivity) {
        return 1.5 + 8.5 * (99 - sensitivity) / 99.0;
    }

    /**
     * Surprise needed to flag: 2 at the default sensitivity 85, ten times more for every 40 points less: 0.9 at 99,
     * 250 at 0. NAB's optimiser picks 1.1 to 1.3 on the development set (sensitivity 92 to 95), a level that accepts more
     * false alarms than an operator would (NAB charges a false alarm 0.11 of a found anomaly).
     */
    static double threshold(int sensitivity) {
        return 2 * Math.pow(10, (85 - sensitivity) / 40.0);
    }

    private void learn(long t, double x) {
        if (seen > 0) {
            updateScale(NAIVE, Math.abs(x - last));
            updateScale(EWMA, Math.abs(x - level));
            if (daily != null && daily.count(daily.slot(t)) > 0) {
                updateScale(DAILY, Math.abs(x - daily.mean(daily.slot(t))));
            }
            if (weekly != null && weekly.count(weekly.slot(t)) > 0) {
                updateScale(WEEKLY, Math.abs(x - weekly.mean(weekly.slot(t))));
            }
        }
        // seasonal z-scores of x, before the profiles learn it
        dailyZ[head] = daily == null ? 0 : (float) zOf(daily, t, x);
        weeklyZ[head] = weekly == null ? 0 : (float) zOf(weekly, t, x);
        recent[head] = x;
        head = (head + 1) % WINDOW;
        recentCount = Math.min(recentCount + 1, WINDOW);
        if (daily != null) {
            daily.learn(daily.slot(t), x);
        }
        if (weekly != null) {
            weekly.learn(weekly.slot(t), x);
        }
        level = seen == 0 ? x : level + FAST_ALPHA * (x - level);
        double a = Math.max(LONG_ALPHA, 1.0 / (seen + 1));
        double d = x - longMean;
        longMean += a * d;
        longVar = (1 - a) * (longVar + a * d * d);
        min = Math.min(min, x);
        max = Math.max(max, x);
        last = x;
        lastEpoch = t;
        seen++;
    }

    private double zOf(SeasonalProfile p, long t, double x) {
        int slot = p.slot(t);
        int k = p == daily ? DAILY : WEEKLY;
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

    @Override
    public byte[] snapshot() {
        SnapshotHeader header = new SnapshotHeader(step, daily, weekly);
        int size = header.size() + 4 * 8 + PREDICTORS * 12 + 4 * 8 + 1 + WINDOW * 16 + 2 + 3 * NoveltyScore.SIZE + 4 + 8;
        ByteBuffer out = ByteBuffer.allocate(size); // big-endian, the layout of DataOutputStream
        header.write(out, MAGIC, kind.version());
        out.putLong(lastEpoch);
        out.putLong(seen);
        out.putDouble(last);
        out.putDouble(level);
        for (int i = 0; i < PREDICTORS; i++) {
            out.putDouble(scale[i]);
            out.putInt(scaleCount[i]);
        }
        out.putDouble(longMean);
        out.putDouble(longVar);
        out.putDouble(min);
        out.putDouble(max);
        out.put((byte) WINDOW);
        for (int j = 0; j < WINDOW; j++) {
            out.putDouble(recent[j]);
            out.putFloat(dailyZ[j]);
            out.putFloat(weeklyZ[j]);
        }
        out.put((byte) recentCount);
        out.put((byte) head);
        residualNovelty.write(out);
        seasonalNovelty.write(out);
        levelNovelty.write(out);
        out.putInt(suppressLeft);
        out.putDouble(anomalyRate);
        if (out.hasRemaining()) {
            throw new IllegalStateException("snapshot size miscounted");
        }
        return out.array();
    }

    static EnsembleDetector restore(EnsembleDetectorKind kind, byte[] snapshot) {
        if (snapshot == null) {
            throw new IllegalArgumentException("snapshot must not be null");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(snapshot);
            SnapshotHeader h = SnapshotHeader.read(in, MAGIC, kind.name(), kind.version());
            EnsembleDetector d = new EnsembleDetector(kind, h.step(), h.daily(), h.weekly());
            d.lastEpoch = in.getLong();
            d.seen = in.getLong();
            d.last = in.getDouble();
            d.level = in.getDouble();
            for (int i = 0; i < PREDICTORS; i++) {
                d.scale[i] = in.getDouble();
                d.scaleCount[i] = in.getInt();
            }
            d.longMean = in.getDouble();
            d.longVar = in.getDouble();
            d.min = in.getDouble();
            d.max = in.getDouble();
            if (in.get() != WINDOW) {
                throw new IllegalArgumentException("snapshot window length differs");
            }
            for (int j = 0; j < WINDOW; j++) {
                d.recent[j] = in.getDouble();
                d.dailyZ[j] = in.getFloat();
                d.weeklyZ[j] = in.getFloat();
            }
            d.recentCount = in.get();
            d.head = in.get();
            if (d.recentCount < 0 || d.recentCount > WINDOW || d.head < 0 || d.head >= WINDOW) {
                throw new IllegalArgumentException("corrupt snapshot: window position");
            }
            d.residualNovelty.read(in);
            d.seasonalNovelty.read(in);
            d.levelNovelty.read(in);
            d.suppressLeft = in.getInt();
            d.anomalyRate = in.getDouble();
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes in snapshot");
            }
            return d;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated snapshot", e);
        }
    }

    private EnsembleDetector(EnsembleDetectorKind kind, long step, SeasonalProfile daily, SeasonalProfile weekly) {
        this.kind = kind;
        this.step = step;
        this.daily = daily;
        this.weekly = weekly;
        this.dailyPerVisit = daily == null ? 1 : (int) Math.max(1, daily.slotSeconds() / step);
        this.weeklyPerVisit = weekly == null ? 1 : (int) Math.max(1, weekly.slotSeconds() / step);
    }
}

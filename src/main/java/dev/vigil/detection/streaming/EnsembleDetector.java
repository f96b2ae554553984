package dev.vigil.detection.streaming;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;

/**
 * The standard streaming detector: an ensemble of simple predictors with adaptively normalised errors, a sustained
 * seasonal-deviation feature and a multi-scale level feature, each turned into a surprise by {@link AdaptiveTail},
 * combined by their maximum and damped right after an alert.
 */
final class EnsembleDetector implements StreamingDetector {

    static final int MAGIC = 0x5647454e; // "VGEN"

    static final double LEVEL_ALPHA = Tuning.d("levelAlpha", 0.1);
    static final double FAST_ALPHA = Tuning.d("fastAlpha", 0.1);
    static final double SCALE_ALPHA = Tuning.d("scaleAlpha", 0.01);
    static final double LONG_ALPHA = Tuning.d("longAlpha", 0.0005);
    static final double TAIL_ALPHA = Tuning.d("tailAlpha", 0.002);
    static final int TAIL_WARMUP = (int) Tuning.d("tailWarmup", 600);
    static final int SEASONAL_WINDOW = (int) Tuning.d("window", 6);
    static final int LEVEL_WINDOW = (int) Tuning.d("levelWindow", 24);
    static final int WINDOW = Math.max(SEASONAL_WINDOW, LEVEL_WINDOW);
    static final double DAILY_VISIT_ALPHA = Tuning.d("dailyAlpha", 0.15);
    static final double WEEKLY_VISIT_ALPHA = Tuning.d("weeklyAlpha", 0.3);
    static final int SEASON_VISITS = (int) Tuning.d("seasonVisits", 3);
    static final double SUPPRESS_LEVEL = Tuning.d("suppressLevel", 1.5);
    static final int SUPPRESS_STEPS = (int) Tuning.d("suppressSteps", 300);
    static final double SUPPRESS_FACTOR = Tuning.d("suppressFactor", 0.3);
    static final double W1 = Tuning.d("w1", 1), W2 = Tuning.d("w2", 1), W3 = Tuning.d("w3", 1);

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
    private final double[] dailyZ = new double[WINDOW];
    private final double[] weeklyZ = new double[WINDOW];
    private int recentCount;
    private int head;
    private final AdaptiveTail residualTail = new AdaptiveTail(TAIL_ALPHA, 0.05, TAIL_WARMUP);
    private final AdaptiveTail seasonalTail = new AdaptiveTail(TAIL_ALPHA, 0.05, TAIL_WARMUP).withDecay(Tuning.d("seasonalDecay", 0.9997));
    private final AdaptiveTail levelTail = new AdaptiveTail(TAIL_ALPHA, 0.05, TAIL_WARMUP).withDecay(Tuning.d("levelDecay", 0.9999));
    private int suppressLeft;
    static final boolean DEBUG = Tuning.d("debug", 0) > 0;
    double[] debug;
    private double anomalyRate;

    EnsembleDetector(EnsembleDetectorKind kind, long stepSeconds) {
        this.kind = kind;
        this.step = stepSeconds;
        long dailyPeriod = kind.settings().period().map(p -> p.getSeconds()).orElse(86_400L);
        this.daily = profile(dailyPeriod, stepSeconds, 288, DAILY_VISIT_ALPHA);
        this.weekly = kind.settings().period().isPresent() ? null
                : profile(604_800L, Math.max(stepSeconds, 3600), 168, WEEKLY_VISIT_ALPHA);
        this.dailyPerVisit = daily == null ? 1 : (int) Math.max(1, daily.slotSeconds() / stepSeconds);
        this.weeklyPerVisit = weekly == null ? 1 : (int) Math.max(1, weekly.slotSeconds() / stepSeconds);
    }

    private static SeasonalProfile profile(long period, long slotSeconds, int maxSlots, double visitAlpha) {
        long slot = Math.max(slotSeconds, (period + maxSlots - 1) / maxSlots);
        long slots = period / slot;
        if (slots < 4 || period % slot != 0) {
            return null;
        }
        return new SeasonalProfile(slot, (int) slots, visitAlpha);
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
        // sustained deviation from the seasonal profiles (uses the window including x)
        double seasonal = 0;
        boolean seasonalReady = false;
        int n = Math.min(recentCount, SEASONAL_WINDOW - 1);
        if (ready[DAILY] || ready[WEEKLY]) {
            seasonal = Double.POSITIVE_INFINITY;
            for (int k = DAILY; k <= WEEKLY; k++) {
                if (ready[k]) {
                    double[] buf = k == DAILY ? dailyZ : weeklyZ;
                    double sum = (x - pred[k]) / s[k];
                    for (int j = 0; j < n; j++) {
                        sum += buf[(head - 1 - j + 2 * WINDOW) % WINDOW];
                    }
                    seasonal = Math.min(seasonal, Math.abs(sum) / (n + 1));
                }
            }
            seasonalReady = true;
        }
        n = Math.min(recentCount, LEVEL_WINDOW - 1);
        double sumRecent = x;
        for (int j = 0; j < n; j++) {
            sumRecent += recent[(head - 1 - j + 2 * WINDOW) % WINDOW];
        }
        double longSd = Math.max(Math.sqrt(longVar), floor);
        double shortMean = Tuning.d("levelMode", 0) > 0 ? level + LEVEL_ALPHA * (x - level) : sumRecent / (n + 1);
        double levelShift = Math.abs(shortMean - longMean) / longSd;

        if (DEBUG) {
            debug = new double[] {residualTail.surprise(residual), seasonalReady ? seasonalTail.surprise(seasonal) : -1,
                    levelTail.surprise(levelShift), residual, seasonal, levelShift, suppressLeft};
        }
        double surprise = W1 * residualTail.surprise(residual);
        if (seasonalReady) {
            surprise = Math.max(surprise, W2 * seasonalTail.surprise(seasonal));
        }
        surprise = Math.max(surprise, W3 * levelTail.surprise(levelShift));
        residualTail.learn(residual);
        if (seasonalReady) {
            seasonalTail.learn(seasonal);
        }
        levelTail.learn(levelShift);

        if (suppressLeft > 0) {
            suppressLeft--;
            surprise *= SUPPRESS_FACTOR;
        } else if (surprise >= SUPPRESS_LEVEL) {
            suppressLeft = SUPPRESS_STEPS;
        }
        return decide(x, pred[best], s[best], surprise);
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

    /** Surprise (decades) needed to flag: 10 at sensitivity 0, 1 at 99. */
    static double threshold(int sensitivity) {
        return 1 + 9.0 * (99 - sensitivity) / 99.0;
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
        dailyZ[head] = daily == null ? 0 : zOf(daily, t, x);
        weeklyZ[head] = weekly == null ? 0 : zOf(weekly, t, x);
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeShort(kind.version());
            out.writeLong(step);
            out.writeBoolean(daily != null);
            if (daily != null) {
                daily.write(out);
            }
            out.writeBoolean(weekly != null);
            if (weekly != null) {
                weekly.write(out);
            }
            out.writeLong(lastEpoch);
            out.writeLong(seen);
            out.writeDouble(last);
            out.writeDouble(level);
            for (int i = 0; i < PREDICTORS; i++) {
                out.writeDouble(scale[i]);
                out.writeInt(scaleCount[i]);
            }
            out.writeDouble(longMean);
            out.writeDouble(longVar);
            out.writeDouble(min);
            out.writeDouble(max);
            out.writeByte(WINDOW);
            for (int j = 0; j < WINDOW; j++) {
                out.writeDouble(recent[j]);
                out.writeFloat((float) dailyZ[j]);
                out.writeFloat((float) weeklyZ[j]);
            }
            out.writeByte(recentCount);
            out.writeByte(head);
            residualTail.write(out);
            seasonalTail.write(out);
            levelTail.write(out);
            out.writeInt(suppressLeft);
            out.writeDouble(anomalyRate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static EnsembleDetector restore(EnsembleDetectorKind kind, byte[] snapshot) {
        if (snapshot == null) {
            throw new IllegalArgumentException("snapshot must not be null");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a snapshot of " + kind.name());
            }
            int version = in.readUnsignedShort();
            if (version != kind.version()) {
                throw new IllegalArgumentException("snapshot version " + version + ", expected " + kind.version());
            }
            long step = in.readLong();
            SeasonalProfile daily = in.readBoolean() ? SeasonalProfile.read(in) : null;
            SeasonalProfile weekly = in.readBoolean() ? SeasonalProfile.read(in) : null;
            EnsembleDetector d = new EnsembleDetector(kind, step, daily, weekly);
            d.lastEpoch = in.readLong();
            d.seen = in.readLong();
            d.last = in.readDouble();
            d.level = in.readDouble();
            for (int i = 0; i < PREDICTORS; i++) {
                d.scale[i] = in.readDouble();
                d.scaleCount[i] = in.readInt();
            }
            d.longMean = in.readDouble();
            d.longVar = in.readDouble();
            d.min = in.readDouble();
            d.max = in.readDouble();
            if (in.readByte() != WINDOW) {
                throw new IllegalArgumentException("snapshot window length differs");
            }
            for (int j = 0; j < WINDOW; j++) {
                d.recent[j] = in.readDouble();
                d.dailyZ[j] = in.readFloat();
                d.weeklyZ[j] = in.readFloat();
            }
            d.recentCount = in.readByte();
            d.head = in.readByte();
            d.residualTail.read(in);
            d.seasonalTail.read(in);
            d.levelTail.read(in);
            d.suppressLeft = in.readInt();
            d.anomalyRate = in.readDouble();
            if (in.read() != -1) {
                throw new IllegalArgumentException("trailing bytes in snapshot");
            }
            return d;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or corrupt snapshot", e);
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

package dev.vigil.detection;

import dev.vigil.detection.batch.BatchDetector;
import dev.vigil.detection.batch.BatchSettings;
import dev.vigil.detection.batch.Granularity;
import dev.vigil.detection.batch.GridSeries;
import dev.vigil.detection.batch.ImputeMode;
import dev.vigil.detection.batch.PointResult;
import java.util.Arrays;

/**
 * {@link LastPointJudge} on a daily grid with the changes the coarse false-alarm study of 2026-12-06 tried (BENCHMARKS
 * "Coarse series"), none of which was kept: a floor of {@code k} robust standard deviations of the series' own noise
 * under the engine's margins, and three ways of judging the days after a young level shift. {@code k} 0 and
 * {@link Shift#AS_IS} are the judge itself ({@code CoarseHeldOutStudyTest} checks that on every day it judges).
 *
 * @param engine the engine's sensitivity (the judge maps the pipeline's s to min(s + 3, 99))
 * @param k      a flag must lie more than k · σ from the expected value, σ = 1.4826 · MAD of the last max(4 periods,
 *               28) lag-period differences before the judged point, / √2 (a point's noise around a seasonal-naive
 *               forecast); 0: no floor
 * @param shift  what a young level shift does
 */
public record CoarseJudgeVariant(double engine, double k, Shift shift) {

    /** The days after a confirmed level shift, while the history is judged moved to the new level. */
    public enum Shift {
        /** the moved history, as the judge does */
        AS_IS,
        /** flagged only when anomalous against the moved history and against the unmoved one */
        BOTH_LEVELS,
        /** the unmoved history once the day before the judged one is back within 3 σ of the old level */
        REVERTED,
        /** as {@link #REVERTED}, with the shift's days still off the old level left out (filled as missing days) */
        REVERTED_FILLED
    }

    /** The verdict on the last of {@code values}, one a day at {@code epochSeconds}. */
    public Verdict judge(long[] epochSeconds, double[] values) {
        int n = values.length;
        if (n < LastPointJudge.warmUp(86_400)) {
            return Verdict.insufficientHistory();
        }
        long[] positions = new long[n];
        for (int i = 0; i < n; i++) {
            positions[i] = (epochSeconds[i] - epochSeconds[0]) / 86_400;
        }
        GridSeries g = GridSeries.of(values, positions, Granularity.DAILY, 1, null, ImputeMode.AUTO, 0);
        int period = g.period();
        double[] x = g.values();
        int start = LevelShift.latest(x, period);
        int since = x.length - start;
        if (start > 0 && since == LevelShift.CONFIRM && !LevelShift.repeats(x, start, period)) {
            // the confirming day is the judge's own in every variant: the study is about the other days' flags
            return LastPointJudge.confirming(values[n - 1], LevelShift.oldLevel(x, start, period));
        }
        if (start > 0 && since >= LastPointJudge.ALONE * LastPointJudge.warmUp(86_400)) {
            x = Arrays.copyOfRange(x, start, x.length);
        } else if (start > 0 && since > LevelShift.CONFIRM) {
            double[] raw = x;
            boolean reverted = (shift == Shift.REVERTED || shift == Shift.REVERTED_FILLED)
                    && backAtOldLevel(x, start, period, x.length - 2);
            if (reverted && shift == Shift.REVERTED_FILLED) {
                x = withoutOutage(x, start, period);
            } else if (!reverted) {
                x = LevelShift.adjusted(x, start, period);
            }
            if (shift == Shift.BOTH_LEVELS && detect(x, period).anomaly() && !detect(raw, period).anomaly()) {
                x = raw;
            }
        }
        PointResult r = detect(x, period);
        double value = values[n - 1];
        double floor = k * noise(x, period);
        double up = Math.max(r.upperMargin(), floor);
        double lo = Math.max(r.lowerMargin(), floor);
        boolean anomaly = r.anomaly() && (value > r.expected() + up || value < r.expected() - lo);
        double lower = r.expected() - lo;
        double upper = r.expected() + up;
        double half = (upper - lower) / 2;
        double severity = anomaly ? 0.5 + 0.5 * Math.min(Math.max(r.severity(), 0), 1) : 0;
        return new Verdict(r.expected(), lower, upper, anomaly, severity, half > 0 ? (value - r.expected()) / half : 0,
                false, Verdict.VALUE);
    }

    /**
     * What the study needs to sort a flagged day: the days since the latest confirmed level shift (-1 for none), the
     * period the engine was given, and σ (as for {@code k}) of the history the day is judged against.
     */
    public static double[] context(long[] epochSeconds, double[] values) {
        long[] positions = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            positions[i] = (epochSeconds[i] - epochSeconds[0]) / 86_400;
        }
        GridSeries g = GridSeries.of(values, positions, Granularity.DAILY, 1, null, ImputeMode.AUTO, 0);
        double[] x = g.values();
        int start = LevelShift.latest(x, g.period());
        int since = x.length - start;
        if (start > 0 && since >= LastPointJudge.ALONE * LastPointJudge.warmUp(86_400)) {
            x = Arrays.copyOfRange(x, start, x.length);
        } else if (start > 0 && since > LevelShift.CONFIRM) {
            x = LevelShift.adjusted(x, start, g.period());
        }
        return new double[]{start > 0 ? since : -1, g.period(), noise(x, g.period())};
    }

    private PointResult detect(double[] x, int period) {
        return BatchDetector.detectLast(x, new BatchSettings(period, engine, 0.25, false, false));
    }

    /** σ of a point around its seasonal-naive forecast, from the differences before the judged (last) point. */
    static double noise(double[] x, int period) {
        int q = Math.max(period, 1);
        int n = x.length - 1;
        int m = Math.min(Math.max(4 * q, 28), n - q);
        if (m < 2) {
            return 0;
        }
        double[] d = new double[m];
        for (int j = 0; j < m; j++) {
            d[j] = x[n - 1 - j] - x[n - 1 - j - q];
        }
        double centre = median(d);
        for (int j = 0; j < m; j++) {
            d[j] = Math.abs(d[j] - centre);
        }
        return 1.4826 * median(d) / Math.sqrt(2);
    }

    /**
     * Whether point {@code at} lies within {@link LevelShift#K} σ of the median of its same-weekday values before the
     * shift, σ as {@link LevelShift} measures it (1.4826 · MAD of the 4 weeks before the shift).
     */
    static boolean backAtOldLevel(double[] x, int start, int period, int at) {
        int q = Math.max(period, 1);
        int c = Math.max(4, (28 + q - 1) / q);
        double[] before = new double[q * c];
        for (int j = 0; j < before.length; j++) {
            int i = start - before.length + j;
            before[j] = x[i] - reference(x, i, i, q, c);
        }
        double centre = median(before);
        for (int j = 0; j < before.length; j++) {
            before[j] = Math.abs(before[j] - centre);
        }
        double scale = 0;
        for (double v : x) {
            scale = Math.max(scale, Math.abs(v));
        }
        double sigma = Math.max(1.4826 * median(before), 1e-9 * scale + 1e-12);
        return Math.abs(x[at] - reference(x, at, start, q, c)) <= LevelShift.K * sigma;
    }

    /** {@code x} with the points from {@code start} that are not back at the old level filled as missing. */
    private static double[] withoutOutage(double[] x, int start, int period) {
        int n = x.length;
        long[] positions = new long[n];
        double[] kept = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (i < start || i == n - 1 || backAtOldLevel(x, start, period, i)) {
                positions[m] = i;
                kept[m++] = x[i];
            }
        }
        return GridSeries.of(Arrays.copyOf(kept, m), Arrays.copyOf(positions, m), Granularity.DAILY, 1, period,
                ImputeMode.AUTO, 0).values();
    }

    private static double reference(double[] x, int i, int before, int q, int c) {
        int first = (i - before) / q + 1;
        double[] r = new double[c];
        for (int j = 0; j < c; j++) {
            r[j] = x[i - q * (first + j)];
        }
        return median(r);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}

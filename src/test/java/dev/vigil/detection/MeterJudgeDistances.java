package dev.vigil.detection;

import dev.vigil.detection.batch.Granularity;
import dev.vigil.detection.batch.GridSeries;
import dev.vigil.detection.batch.HistoryFit;
import dev.vigil.detection.batch.ImputeMode;
import java.util.Arrays;

/**
 * What the candidates of the meters study (BENCHMARKS "Coarse series", branch meters5) see of one daily point, after
 * the judge's preparation ({@link LastPointJudge} on a daily grid: filled days, the engine's period, level shifts):
 * today's verdict, and the point's distance, in widths w, from the forecasts of F and D and from the engine's expected
 * value (C). w = 1.4826 · MAD of the residuals of the history's fit ({@link HistoryFit} of the points before the
 * judged one) over its last {@value #SPREAD} points. A candidate flags at knob k when its distance exceeds k.
 *
 * @param warmingUp  fewer than the judge's warm-up of days
 * @param today      today's verdict ({@link LastPointJudge} at the pipeline's default 96)
 * @param confirming the point confirms a level shift (a flag of it has reason {@value Verdict#LEVEL})
 * @param forecast   F: |value − (the fit's trend the day before + the judged phase's seasonal)| / w; on a confirming
 *                   point the fit is of the points before the shift's start
 * @param drift      D: as F plus the fit's trend slope over its last {@value #DRIFT} days
 * @param combined   C: |value − today's expected value| / w where today flags, else −1 (never flagged)
 */
public record MeterJudgeDistances(boolean warmingUp, Verdict today, boolean confirming, double forecast,
                                  double drift, double combined) {

    static final int SPREAD = 56;
    static final int DRIFT = 14;

    /** A day's history prepared once; its fit is reused for every injection into the same day. */
    public static final class Cache {
        private double[] history;
        private int period;
        private HistoryFit fit;

        HistoryFit fit(double[] h, int p) {
            if (fit == null || p != period || !Arrays.equals(h, history)) {
                history = h;
                period = p;
                fit = HistoryFit.of(h, p);
            }
            return fit;
        }
    }

    /** The distances of the last of {@code values}, one a day at {@code epochSeconds}. */
    public static MeterJudgeDistances of(long[] epochSeconds, double[] values, Cache cache) {
        int n = values.length;
        Verdict today = new LastPointJudge(96).judge(epochSeconds, values, 86_400);
        if (today.warmingUp()) {
            return new MeterJudgeDistances(true, today, false, 0, 0, -1);
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
        if (start > 0 && since >= LastPointJudge.ALONE * LastPointJudge.warmUp(86_400)) {
            x = Arrays.copyOfRange(x, start, x.length);
        } else if (start > 0 && since > LevelShift.CONFIRM) {
            x = LevelShift.adjusted(x, start, period);
        }
        boolean confirming = start > 0 && since == LevelShift.CONFIRM;
        int m = confirming ? start : x.length - 1; // the fitted history: the points before it
        double[] h = Arrays.copyOf(x, m);
        HistoryFit fit = cache.fit(h, period);
        int last = x.length - 1;
        int q = Math.max(period, 1);
        int phase = q > 1 && m > q ? last - q * (int) Math.ceil((double) (last - m + 1) / q) : -1;
        double seasonal = phase >= 0 ? fit.seasonal(phase) : 0;
        double level = fit.trend()[m - 1];
        double f = level + seasonal;
        double slope = m > DRIFT ? (fit.trend()[m - 1] - fit.trend()[m - 1 - DRIFT]) / DRIFT : 0;
        double d = f + slope * (last - m + 1);
        double w = width(h, fit.expected(), x);
        double value = x[last];
        return new MeterJudgeDistances(false, today, confirming, Math.abs(value - f) / w, Math.abs(value - d) / w,
                today.anomaly() ? Math.abs(value - today.expected()) / w : -1);
    }

    /** 1.4826 · MAD of the last {@value #SPREAD} residuals of the fit, floored as the curve study floors σ. */
    static double width(double[] h, double[] expected, double[] x) {
        int from = Math.max(0, h.length - SPREAD);
        double[] r = new double[h.length - from];
        for (int i = from; i < h.length; i++) {
            r[i - from] = h[i] - expected[i];
        }
        double centre = median(r);
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.abs(r[i] - centre);
        }
        double scale = 0;
        for (double v : x) {
            scale = Math.max(scale, Math.abs(v));
        }
        return Math.max(1.4826 * median(r), 1e-9 * scale + 1e-12);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int k = s.length / 2;
        return s.length % 2 == 1 ? s[k] : (s[k - 1] + s[k]) / 2;
    }
}

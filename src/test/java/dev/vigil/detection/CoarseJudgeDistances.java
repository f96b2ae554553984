package dev.vigil.detection;

import dev.vigil.detection.batch.BatchDetector;
import dev.vigil.detection.batch.BatchSettings;
import dev.vigil.detection.batch.Granularity;
import dev.vigil.detection.batch.GridSeries;
import dev.vigil.detection.batch.ImputeMode;
import dev.vigil.detection.batch.PointResult;
import java.util.Arrays;

/**
 * What the judges of the coarse curve study (BENCHMARKS "Coarse series", branch coarsefp2) see of one daily point:
 * the judge's preparation ({@link LastPointJudge} on a daily grid: filled days, the engine's period, level shifts),
 * then the point's distance from two forecasts in their own widths, and the engine's flag at several sensitivities.
 * A family flags at knob k when its distance exceeds k, so one pass gives its whole curve.
 *
 * @param warmingUp   fewer than the judge's warm-up of days
 * @param median      family M: |value − (same-phase median + level)| / (σ · √((1 + π/2W)(1 + π/2h)))
 * @param engine      family E: |value − the engine's expected value| / σ
 * @param residual    family R: |value − the engine's expected value| / (1.4826 · MAD of the history's residuals
 *                    from the engine's entire-series expected values)
 * @param engineFlags the engine's flag at each of the sensitivities asked for
 */
public record CoarseJudgeDistances(boolean warmingUp, double median, double engine, double residual,
                                   boolean[] engineFlags) {

    private static final int MAX_WEEKS = 8;

    /** The distances of the last of {@code values}, one a day at {@code epochSeconds}. */
    public static CoarseJudgeDistances of(long[] epochSeconds, double[] values, double[] sensitivities) {
        int n = values.length;
        if (n < LastPointJudge.warmUp(86_400)) {
            return new CoarseJudgeDistances(true, 0, 0, 0, new boolean[sensitivities.length]);
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
        double value = x[x.length - 1];
        double sigma = noise(x, period);
        boolean[] flags = new boolean[sensitivities.length];
        double expected = Double.NaN;
        for (int s = 0; s < sensitivities.length; s++) {
            PointResult r = BatchDetector.detectLast(x, new BatchSettings(period, sensitivities[s], 0.25, false,
                    false));
            flags[s] = r.anomaly();
            expected = r.expected();
        }
        double[] fitted = BatchDetector.detectEntire(x, new BatchSettings(period, 99, 0.25, false, false)).expected();
        double[] residuals = new double[x.length - 1];
        for (int i = 0; i < residuals.length; i++) {
            residuals[i] = x[i] - fitted[i];
        }
        double centre = median(residuals);
        for (int i = 0; i < residuals.length; i++) {
            residuals[i] = Math.abs(residuals[i] - centre);
        }
        double spread = Math.max(1.4826 * median(residuals), floor(x));
        return new CoarseJudgeDistances(false, medianDistance(x, period, sigma),
                Math.abs(value - expected) / sigma, Math.abs(value - expected) / spread, flags);
    }

    /** Family M's distance of the last point of {@code x}. */
    static double medianDistance(double[] x, int period, double sigma) {
        int q = Math.max(period, 1);
        int n = x.length - 1;
        int h = Math.max(q, 7);
        int weeks = Math.min(MAX_WEEKS, (n - h) / q);
        double[] level = new double[h];
        for (int j = 0; j < h; j++) {
            int i = n - h + j;
            level[j] = x[i] - reference(x, i, q, weeks);
        }
        double forecast = reference(x, n, q, weeks) + median(level);
        double width = sigma * Math.sqrt((1 + Math.PI / (2 * weeks)) * (1 + Math.PI / (2 * h)));
        return Math.abs(x[n] - forecast) / width;
    }

    private static double reference(double[] x, int i, int q, int weeks) {
        double[] r = new double[weeks];
        for (int j = 0; j < weeks; j++) {
            r[j] = x[i - q * (j + 1)];
        }
        return median(r);
    }

    /** σ of a point around its seasonal-naive forecast, as {@link CoarseJudgeVariant} measures it, floored. */
    static double noise(double[] x, int period) {
        return Math.max(CoarseJudgeVariant.noise(x, period), floor(x));
    }

    private static double floor(double[] x) {
        double scale = 0;
        for (double v : x) {
            scale = Math.max(scale, Math.abs(v));
        }
        return 1e-9 * scale + 1e-12;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}

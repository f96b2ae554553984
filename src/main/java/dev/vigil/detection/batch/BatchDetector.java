package dev.vigil.detection.batch;

import java.util.Arrays;

/**
 * Judges every point of a whole series, or the last one, the way the retired Azure Anomaly Detector described its
 * univariate service:
 * <ol>
 *   <li>period: the caller's, else the service's correlogram detector {@link SpectrumPeriod} (the API tries the
 *       calendar cycles of {@link GranularityPeriod} first);</li>
 *   <li>period &gt; 1: the service's own seasonal model, {@link SeasonalSeries} (the reference STL program's
 *       periodic robust fit, for the last point extended by one point at the newest phase; ESD on the de-seasoned
 *       series and on its remainder; the trend interpolated over anomalies), which reproduces Microsoft's golden
 *       expected values to about 1e-11;</li>
 *   <li>no period, short-interval data and MAD ≠ 0: {@link SpectralResidual} (score ≥ 3.5), expected values from
 *       the low-score "skeleton" points (last-detect: the newest point is rescored without the recent burst);</li>
 *   <li>otherwise the service's dynamic threshold, {@link DynamicThreshold} (robust generalized ESD and a z-score
 *       test on the min–max normalized values, expected values from a coarse spline trend refitted without the
 *       anomalies); for the last point its ESD starts at the last point's rank.</li>
 *   <li>for both non-periodic models, in entire and last-point detection alike, the service's second look: when
 *       {@link Stationarity} says the series needs differencing, the same model looks at the differenced series
 *       with the anomaly budget left over (see {@link #mergeDifferenced}).</li>
 * </ol>
 * At most max(⌊n·maxAnomalyRatio⌋, 1) anomalies are kept, and a point within 1e-8 of its expected value is never an
 * anomaly. Margins, the final verdict and severity follow the service's boundary version, see {@link Margins}.
 *
 * <p>Input must be NaN-free (impute first). Stateless and thread-safe.
 */
public final class BatchDetector {

    static final double ESD_ALPHA = 0.05;
    static final double MIN_DEVIATION = 1e-8;

    private BatchDetector() {
    }

    /** Judges every point. Throws IllegalArgumentException for fewer than 3 points or NaN values. */
    public static BatchResult detectEntire(double[] values, BatchSettings settings) {
        return detect(values, settings, false);
    }

    /**
     * Judges the last point from the whole series. When more than 60 % of the values share one of 20 equal-width
     * histogram bins (a mostly flat series), the anomaly ratio is shrunk to max((1 − share)·ratio, min(0.05, ratio))
     * so that the few moving points are not all flagged.
     */
    public static PointResult detectLast(double[] values, BatchSettings settings) {
        double share = majorityShare(values);
        BatchSettings s = settings;
        if (share > 0.6) {
            double r = settings.maxAnomalyRatio();
            s = settings.withRatio(Math.max((1 - share) * r, Math.min(0.05, r)));
        }
        BatchResult all = detect(values, s, true);
        int i = all.size() - 1;
        return new PointResult(all.period(), all.model(), all.expected()[i], all.upperMargins()[i],
                all.lowerMargins()[i], all.anomaly()[i], all.positive()[i], all.negative()[i], all.severity()[i]);
    }

    private static BatchResult detect(double[] x, BatchSettings settings, boolean lastOnly) {
        int n = x.length;
        if (n < 3) {
            throw new IllegalArgumentException("need at least 3 points, got " + n);
        }
        for (double v : x) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("values must be finite");
            }
        }
        int period = settings.period() == BatchSettings.AUTO_PERIOD ? SpectrumPeriod.detect(x) : settings.period();
        if (2 * period + 1 > n) {
            period = 0; // a cycle that does not repeat cannot be modelled
        }
        double ratio = settings.maxAnomalyRatio();
        boolean needTrend = settings.trendBoundary();
        Fit fit;
        BatchResult.Model model;
        boolean srMargins = false;
        if (period > 1) {
            model = BatchResult.Model.SEASONAL_ESD;
            SeasonalSeries.Result r = SeasonalSeries.detect(x, period, ratio, ESD_ALPHA, lastOnly);
            fit = new Fit(r.anomaly(), r.expected(), r.trend(), null);
        } else if (settings.shortInterval() && Filters.mad(x) != 0) {
            model = BatchResult.Model.SPECTRAL_RESIDUAL;
            fit = spectralResidual(x, maxAnomalies(n, ratio), lastOnly, needTrend);
            // the library's last-point SR hands a newest point with a z-score below 1.5 to the plain margins
            srMargins = !lastOnly || !(Math.abs(SpectralResidual.populationZScore(x, n - 1))
                    < SpectralResidual.DROP_SCORE);
            fit = mergeDifferenced(x, ratio, fit, (y, r) -> spectralResidual(y, maxAnomalies(n, r), lastOnly,
                    needTrend), lastOnly);
        } else {
            model = BatchResult.Model.DYNAMIC_THRESHOLD;
            fit = dynamicThreshold(x, ratio, lastOnly);
            fit = mergeDifferenced(x, ratio, fit, (y, r) -> dynamicThreshold(y, r, lastOnly), lastOnly);
        }
        return finish(x, period, model, fit, srMargins, settings);
    }

    /** What a model says before margins: flags, expected values, their trend, normalized SR scores (or null). */
    record Fit(boolean[] flagged, double[] expected, double[] trend, double[] scores) {
    }

    /** max(⌊n·ratio⌋, 1), the anomaly budget of the spectral-residual model. */
    static int maxAnomalies(int n, double ratio) {
        return Math.max((int) Math.floor(n * ratio), 1);
    }

    private static Fit dynamicThreshold(double[] y, double ratio, boolean lastOnly) {
        // the service's model run for the last point too (its ESD then starts at the last point's rank)
        DynamicThreshold.Result r = DynamicThreshold.detect(y, ratio, ESD_ALPHA, lastOnly);
        return new Fit(r.anomaly(), r.expected(), r.expected(), null);
    }

    private static Fit spectralResidual(double[] y, int max, boolean lastOnly, boolean needTrend) {
        double[] raw = lastOnly ? SpectralResidual.lastPointScores(y, max) : SpectralResidual.scores(y);
        boolean[] flagged = topScores(raw, SpectralResidual.ANOMALY_SCORE, max);
        double[] expected = skeletonExpectation(y, raw, lastOnly);
        double[] scores = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            scores[i] = Margins.normalizedScore(raw[i]);
        }
        // the trend only serves the trend-based margins; the service fits it to the expected values
        return new Fit(flagged, expected, needTrend ? DynamicThreshold.trend(expected) : expected, scores);
    }

    /** The model rerun on a differenced series with a given anomaly ratio. */
    @FunctionalInterface
    interface Rerun {
        Fit apply(double[] y, double ratio);
    }

    /**
     * The service's second look at a non-stationary series, for the spectral-residual and dynamic-threshold models
     * in both entire and last-point detection: when {@link Stationarity} needs one or two differences, the model
     * is run again on the differenced series with the anomaly budget left over (max(⌊n·ratio⌋, 1) minus the
     * anomalies already found, as a ratio of n); a point flagged only there becomes an anomaly whose expected value
     * (and trend) is the previous point's plus the differenced model's (for two differences, that of the
     * once-integrated differences); the first point keeps its own. Its SR score is the differenced model's.
     */
    static Fit mergeDifferenced(double[] x, double ratio, Fit fit, Rerun model, boolean lastOnly) {
        int n = x.length;
        int left = maxAnomalies(n, ratio) - count(fit.flagged());
        if (left <= 0 || (lastOnly && fit.flagged()[n - 1])) {
            return fit; // last-point detection reports the newest point only
        }
        int delta = Stationarity.differencesNeeded(x, 2);
        if (delta <= 0) {
            return fit;
        }
        double[] y = x;
        for (int d = 0; d < delta; d++) {
            y = Stationarity.difference(y, d);
        }
        Fit r = model.apply(y, left * 1.0 / n);
        if (lastOnly && !r.flagged()[n - 1]) {
            return fit;
        }
        double[] de = delta == 2 ? integrate(x, r.expected()) : r.expected();
        double[] dt = delta == 2 ? integrate(x, r.trend()) : r.trend();
        boolean[] flagged = fit.flagged().clone();
        double[] expected = fit.expected().clone();
        double[] trend = fit.trend().clone();
        double[] scores = fit.scores() == null ? null : fit.scores().clone();
        for (int p = 0; p < n; p++) {
            if (!fit.flagged()[p] && r.flagged()[p]) {
                flagged[p] = true;
                if (p > 0) {
                    expected[p] = fit.expected()[p - 1] + de[p];
                    trend[p] = fit.trend()[p - 1] + dt[p];
                }
                if (scores != null && r.scores() != null) {
                    scores[p] = r.scores()[p];
                }
            }
        }
        return new Fit(flagged, expected, trend, scores);
    }

    /** Once-integrated second differences, starting from the first difference of x. */
    private static double[] integrate(double[] x, double[] d2) {
        int n = x.length;
        double[] out = new double[n];
        out[0] = x[1] - x[0];
        out[1] = x[1] - x[0];
        for (int i = 2; i < n; i++) {
            out[i] = out[i - 1] + d2[i];
        }
        return out;
    }

    /**
     * Span of the skeleton fallback's moving median: the whole series, up to {@value #MAX_TREND_SPAN}
     * points. The service's non-periodic expected values are stiff (a level shift lasting a tenth of the series is
     * judged against the old level), and a wide span costs O(n·span).
     */
    static int trendWindow(int n) {
        return Math.min(MAX_TREND_SPAN, n);
    }

    static final int MAX_TREND_SPAN = 721;

    private static BatchResult finish(double[] x, int period, BatchResult.Model model, Fit fit, boolean srMargins,
                                      BatchSettings settings) {
        int n = x.length;
        double[] e = fit.expected();
        boolean[] flagged = fit.flagged().clone();
        for (int i = 0; i < n; i++) {
            flagged[i] &= Math.abs(x[i] - e[i]) >= MIN_DEVIATION; // never an anomaly at its expected value
        }
        Margins.Verdict v = settings.trendBoundary()
                ? Margins.v2(x, e, fit.trend(), flagged, settings.sensitivity())
                : Margins.v1(x, e, flagged, srMargins ? fit.scores() : null, settings.sensitivity());
        boolean[] positive = new boolean[n];
        boolean[] negative = new boolean[n];
        for (int i = 0; i < n; i++) {
            positive[i] = v.anomaly()[i] && x[i] > e[i];
            negative[i] = v.anomaly()[i] && x[i] < e[i];
        }
        return new BatchResult(period, model, e, v.upper(), v.lower(), v.anomaly(), positive, negative,
                v.severity());
    }

    private static int count(boolean[] flagged) {
        int c = 0;
        for (boolean f : flagged) {
            c += f ? 1 : 0;
        }
        return c;
    }

    /** Flags scores ≥ threshold, keeping only the {@code max} largest. */
    static boolean[] topScores(double[] scores, double threshold, int max) {
        int n = scores.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(scores[b], scores[a]));
        boolean[] out = new boolean[n];
        for (int k = 0; k < Math.min(max, n) && scores[idx[k]] >= threshold; k++) {
            out[idx[k]] = true;
        }
        return out;
    }

    /**
     * Expected values from skeleton points (score ≤ 1). Entire: skeleton points keep their value, any other point
     * takes the mean of the skeleton values between index i/2 and i, and the result is smoothed by a trailing
     * 5-point mean (so an expected value never looks ahead). Last: the newest point gets the mean of the later half
     * of the skeleton points, every other point its own value.
     */
    static double[] skeletonExpectation(double[] x, double[] scores, boolean lastOnly) {
        int n = x.length;
        boolean[] skeleton = new boolean[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            skeleton[i] = scores[i] <= SpectralResidual.SKELETON_SCORE;
            count += skeleton[i] ? 1 : 0;
        }
        if (count == 0) {
            return Filters.movingMedian(x, trendWindow(n));
        }
        double[] prefixSum = new double[n + 1];
        double[] runningSum = new double[n + 1];
        int[] prefixCount = new int[n + 1];
        for (int i = 0; i < n; i++) {
            runningSum[i + 1] = runningSum[i] + x[i];
            prefixSum[i + 1] = prefixSum[i] + (skeleton[i] ? x[i] : 0);
            prefixCount[i + 1] = prefixCount[i] + (skeleton[i] ? 1 : 0);
        }
        double[] e = new double[n];
        if (lastOnly) {
            // the service keeps every other point's own value as its expected value
            System.arraycopy(x, 0, e, 0, n);
            int half = count / 2;
            double sum = 0;
            int seen = 0;
            for (int i = 0; i < n; i++) {
                if (skeleton[i]) {
                    if (seen >= half) {
                        sum += x[i];
                    }
                    seen++;
                }
            }
            e[n - 1] = sum / (count - half);
            return e;
        }
        for (int i = 0; i < n; i++) {
            int a = i / 2;
            int c = prefixCount[i + 1] - prefixCount[a];
            if (skeleton[i]) {
                e[i] = x[i];
            } else if (c > 0) {
                e[i] = (prefixSum[i + 1] - prefixSum[a]) / c;
            } else {
                e[i] = runningSum[i + 1] / (i + 1); // no skeleton point nearby: the mean so far
            }
        }
        return Filters.trailingMean(e, 5);
    }

    /** Largest fraction of values falling into one of 20 equal-width bins between min and max. */
    static double majorityShare(double[] x) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (!(max > min)) {
            return 1;
        }
        int[] bins = new int[20];
        for (double v : x) {
            bins[Math.min(19, (int) ((v - min) / (max - min) * 20))]++;
        }
        return (double) Arrays.stream(bins).max().orElse(0) / x.length;
    }
}

package dev.vigil.detection.multivariate;

/**
 * Controls of the PCA engine. The defaults were chosen on the development data (BENCHMARKS.md, "Multivariate").
 *
 * @param varianceFraction     in (0, 1]: the principal components kept explain at least this share of the
 *                             standardised training variance; the rest is the residual that is scored
 * @param calibrationQuantile  in (0, 1]: the quantile of the training rows' scores that the threshold starts from
 * @param thresholdFactor      &gt; 0: threshold = factor x that quantile
 * @param minRows              &gt;= 2: fewer training rows (or fewer than variables + 1) fail with a reason
 * @param maxMissingRatio      in [0, 1): a variable missing in a larger share of training rows is excluded
 * @param changeWindow         &gt;= 1: a value's change is measured from the mean of this many previous rows
 * @param correlationWindow    &gt;= 3 and &gt;= changeWindow: recent rows kept in the scoring state (for the
 *                             change and the correlation changes)
 * @param correlationChangeMin in (0, 2]: least absolute change of correlation reported
 * @param scoreRows            &gt;= 1 and &lt;= correlationWindow: a row's score is the mean of the raw scores of
 *                             this row and the scoreRows - 1 rows before it (events, not single rows, are what
 *                             matters; 1 scores each row alone, as version 2 did)
 * @param trimSpikes           calibrate the threshold on training scores from which isolated one-row spikes are
 *                             trimmed (each score capped at the larger of its two neighbours), so that a few
 *                             spikes in the training span do not set the threshold
 * @param adaptRate            in [0, 1): each variable's score is divided by the square root of its own recent
 *                             level (an exponentially weighted mean of its squared scores with this weight on the
 *                             newest, never below 1, the training level), so a variable that became noisier is
 *                             judged against its new noise; 0 turns this off, as versions 2 and 3 did
 * @param adaptCap             &gt;= 1: a score enters the level capped at this value, so the level, and the divisor,
 *                             grow at most to {@code adaptCap}: a lasting fault is damped by at most that factor
 * @param peakRatio            in [0, 1): within a stretch of rows scoring above the threshold, a row is anomalous
 *                             only if its score is also above this share of the stretch's highest score so far, so
 *                             the decay after a fault's peak is not flagged row by row; 0 turns this off (versions
 *                             2 to 4)
 */
public record MultivariateSettings(double varianceFraction, double calibrationQuantile, double thresholdFactor,
                                   int minRows, double maxMissingRatio, int changeWindow, int correlationWindow,
                                   double correlationChangeMin, int scoreRows, boolean trimSpikes,
                                   double adaptRate, double adaptCap, double peakRatio) {

    public MultivariateSettings {
        check(varianceFraction > 0 && varianceFraction <= 1, "varianceFraction must be in (0, 1]");
        check(calibrationQuantile > 0 && calibrationQuantile <= 1, "calibrationQuantile must be in (0, 1]");
        check(thresholdFactor > 0 && Double.isFinite(thresholdFactor), "thresholdFactor must be finite and > 0");
        check(minRows >= 2, "minRows must be >= 2");
        check(maxMissingRatio >= 0 && maxMissingRatio < 1, "maxMissingRatio must be in [0, 1)");
        check(changeWindow >= 1, "changeWindow must be >= 1");
        check(correlationWindow >= 3 && correlationWindow >= changeWindow,
                "correlationWindow must be >= 3 and >= changeWindow");
        check(correlationChangeMin > 0 && correlationChangeMin <= 2, "correlationChangeMin must be in (0, 2]");
        check(scoreRows >= 1 && scoreRows <= correlationWindow, "scoreRows must be in [1, correlationWindow]");
        check(adaptRate >= 0 && adaptRate < 1, "adaptRate must be in [0, 1)");
        check(adaptCap >= 1 && Double.isFinite(adaptCap), "adaptCap must be finite and >= 1");
        check(peakRatio >= 0 && peakRatio < 1, "peakRatio must be in [0, 1)");
    }

    /**
     * The configuration the evaluation and the pipeline use: version 3's scoring (no adaptation), threshold 2 x the
     * 99th percentile, and version 5's peak ratio 0.2. Chosen on the other entities, it held out better than version
     * 3 alone and than {@link #adaptive()} (BENCHMARKS.md, "v5 study" and "v6 study").
     */
    public static MultivariateSettings defaults() {
        return new MultivariateSettings(0.7, 0.99, 2.0, 100, 0.5, 10, 60, 0.5, 2, true, 0, 1.5, 0.2);
    }

    /**
     * Version 4 as an option: each variable judged against its own recent level (rate 0.01, cap 1.5), threshold
     * 1.4 x the 99th percentile, the constants the nested leave-one-entity-out rule picks on all 13 entities.
     * Better in-sample than {@link #defaults()}, not better held out.
     */
    public static MultivariateSettings adaptive() {
        return defaults().withThreshold(0.99, 1.4).withAdaptation(0.01, 1.5).withPeakRatio(0);
    }

    public MultivariateSettings withVarianceFraction(double v) {
        return new MultivariateSettings(v, calibrationQuantile, thresholdFactor, minRows, maxMissingRatio,
                changeWindow, correlationWindow, correlationChangeMin, scoreRows, trimSpikes, adaptRate, adaptCap, peakRatio);
    }

    public MultivariateSettings withThreshold(double quantile, double factor) {
        return new MultivariateSettings(varianceFraction, quantile, factor, minRows, maxMissingRatio,
                changeWindow, correlationWindow, correlationChangeMin, scoreRows, trimSpikes, adaptRate, adaptCap, peakRatio);
    }

    public MultivariateSettings withScoring(int rows, boolean trim) {
        return new MultivariateSettings(varianceFraction, calibrationQuantile, thresholdFactor, minRows,
                maxMissingRatio, changeWindow, correlationWindow, correlationChangeMin, rows, trim, adaptRate,
                adaptCap, peakRatio);
    }

    /** {@code rate} 0: no adaptation to a variable's recent level (versions 2 and 3). */
    public MultivariateSettings withAdaptation(double rate, double cap) {
        return new MultivariateSettings(varianceFraction, calibrationQuantile, thresholdFactor, minRows,
                maxMissingRatio, changeWindow, correlationWindow, correlationChangeMin, scoreRows, trimSpikes, rate,
                cap, peakRatio);
    }

    /** {@code ratio} 0: every row above the threshold is anomalous (versions 2 to 4). */
    public MultivariateSettings withPeakRatio(double ratio) {
        return new MultivariateSettings(varianceFraction, calibrationQuantile, thresholdFactor, minRows,
                maxMissingRatio, changeWindow, correlationWindow, correlationChangeMin, scoreRows, trimSpikes,
                adaptRate, adaptCap, ratio);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}

package dev.vigil.detection.streaming;

import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.Direction;
import dev.vigil.detection.Verdict;

/**
 * How {@link LikelihoodDetector} turns a reported score into a verdict under the caller's settings: the band, the
 * flag and its severity, and what it remembers of past flags.
 *
 * <p><b>Decision</b>: the expected value is the prediction of the ready predictor with the smallest scale; the band
 * is that prediction plus or minus {@link #bandWidth(int)} scales; the value is an anomaly when {@code S} reaches
 * {@link #threshold(int)}, the direction, minimum deviation and maximum anomaly ratio allow it, and it is not a
 * repeat of the last flag (version 6, {@link #repeatsLastFlag}: within 24 values, a surprisal less than a decade
 * above it; the score is left as it is, only the flag is withheld) nor of a weekly pattern (version 13,
 * {@link WeeklyRecurrence}: flagged at the same hour in three of the four weeks before). Severity is
 * {@code S / (S + threshold)} for anomalies (so at least 0.5), else 0. The verdict's reason names the feature with
 * the largest surprisal.
 *
 * <p>The fields are read and written directly by {@link LikelihoodSnapshot}. Not thread-safe.
 */
final class FlagDecision {

    /** Share of the recent values flagged (weight 1/288 per value), against {@code maxAnomalyRatio}. */
    double anomalyRate;
    /** The surprisal of the last flag, and the values judged since it ({@code flagRepeatMargin} tuning). */
    double lastFlag;
    int sinceFlag = Integer.MAX_VALUE;
    /**
     * A flag repeats its hour of the week only at a value within this many of the best predictor's scales of the
     * value flagged there last (about the noise's spread: a weekend's first value varies that much from week to week).
     */
    static final double RECURRENCE_SCALES = 3;
    /** The hours of the week flagged in the last weeks ({@code weeklyRecurrence} tuning), or null when off. */
    final WeeklyRecurrence recurrence;

    FlagDecision(LikelihoodTuning tuning) {
        this.recurrence = tuning.weeklyRecurrence() > 0 ? new WeeklyRecurrence() : null;
    }

    /**
     * The verdict for x at {@code t}; {@code hourly} when the data come every hour or faster (the weekly recurrence
     * counts hours of the week).
     */
    Verdict decide(LikelihoodDetectorKind kind, long t, boolean hourly, double x, double expected, double scaleOfBest,
                   double surprisal, String reason, boolean changePoint) {
        DetectorSettings st = kind.settings();
        double halfWidth = bandWidth(st.sensitivity()) * scaleOfBest;
        double deviation = x - expected;
        boolean repeat = repeatsLastFlag(kind.tuning(), surprisal, changePoint);
        boolean anomaly = surprisal >= threshold(st.sensitivity())
                // a level or seasonal change can fire while the value equals its prediction (a flat stretch where a
                // cycle should be): only a one-sided setting needs the sign
                && (st.direction() == Direction.BOTH || st.direction().allows(deviation))
                && Math.abs(deviation) >= st.minAbsoluteDeviation()
                && Math.abs(deviation) >= st.minRelativeDeviation() * Math.abs(expected)
                && anomalyRate < st.maxAnomalyRatio()
                && !repeat;
        if (anomaly) {
            lastFlag = surprisal;
            sinceFlag = 0;
            // a withheld flag still counts as the last flag: the rest of its event is no more news than it was
            anomaly = !(recurrence != null && hourly && !changePoint
                    && recurrence.flagRecurs(t, kind.tuning().weeklyRecurrence(), x,
                            RECURRENCE_SCALES * scaleOfBest));
        }
        anomalyRate += (anomaly ? 1 - anomalyRate : -anomalyRate) / 288.0;
        double severity = anomaly ? surprisal / (surprisal + threshold(st.sensitivity())) : 0;
        return new Verdict(expected, expected - halfWidth, expected + halfWidth, anomaly, severity, surprisal, false,
                reason);
    }

    /**
     * Whether a value over the threshold is the last flag's event again ({@code flagRepeatMargin}, version 6): within
     * {@code flagRepeatValues} values of a flag, an event creeping a little above its decayed peak is flagged once
     * more at nearly every threshold (in the traces of realKnownCause, the short cuts and the server metrics such
     * repeats within 24 values were about one in seven false-positive rows at surprisal 2.8 and almost never the first
     * detection of a window). Only a clearly larger surprise, or a confirmed change point, is news. Counts one judged
     * value per call.
     */
    private boolean repeatsLastFlag(LikelihoodTuning tuning, double surprisal, boolean changePoint) {
        if (sinceFlag < Integer.MAX_VALUE) {
            sinceFlag++;
        }
        return tuning.flagRepeatMargin() > 0 && !changePoint && sinceFlag <= tuning.flagRepeatValues()
                && surprisal < lastFlag + tuning.flagRepeatMargin();
    }

    /** Half-width of the band in units of the predictor's typical error: 10 at sensitivity 0, 1.5 at 99. */
    static double bandWidth(int sensitivity) {
        return 1.5 + 8.5 * (99 - sensitivity) / 99.0;
    }

    /**
     * Surprisal (decades) needed to flag: 3 at sensitivity 96, one decade more for every 10 points less (4.1 at the
     * library's default 85, 12.6 at 0, 2.7 at 99). NAB's optimiser picks about 3 on the development set (3.10 with
     * v5's score), so the pipeline's default 96 flags close to what NAB measures for the raw score.
     */
    static double threshold(int sensitivity) {
        return 3 + (96 - sensitivity) / 10.0;
    }
}

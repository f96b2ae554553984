package dev.vigil.detection;

import java.time.Duration;
import java.util.Optional;

/**
 * The caller's controls of a streaming detector, built at the edge (from configuration or an API request) and
 * handed to {@link Detectors#of(DetectorSettings)}.
 *
 * <p>Only {@code warmUpPoints} and {@code period} shape the learned state; the other fields act on each decision,
 * so they may change between runs without losing what the detector has learned.
 *
 * @param sensitivity          0..99, higher flags more: the band narrows and the score threshold drops
 *                             (Azure Anomaly Detector's convention)
 * @param maxAnomalyRatio      in (0, 0.5]: when the recent share of flagged windows exceeds it, further flags are
 *                             withheld until the share falls again
 * @param direction            which deviations may be flagged
 * @param minAbsoluteDeviation in the series' units, &gt;= 0: smaller deviations from the expected value are never
 *                             anomalies
 * @param minRelativeDeviation &gt;= 0, a fraction of |expected| (0.1 = 10 %): smaller deviations are never anomalies
 * @param warmUpPoints         &gt;= 1: values the detector only learns before it starts scoring; the standard
 *                             detector calibrates its tails meanwhile and needs 211 values for that, so it reports
 *                             {@link Verdict#warmingUp()} for {@code max(warmUpPoints, 211)} values
 * @param period               a known seasonal period (e.g. one day), or empty to learn daily and weekly profiles
 *                             automatically
 */
public record DetectorSettings(int sensitivity, double maxAnomalyRatio, Direction direction,
                               double minAbsoluteDeviation, double minRelativeDeviation, int warmUpPoints,
                               Optional<Duration> period) {

    /** Default sensitivity: a moderate number of flags. */
    public static final int DEFAULT_SENSITIVITY = 85;
    /**
     * The pipeline's default sensitivity ({@code vigil.detection.sensitivity}), where the standard detector's flags
     * score what NAB measures for its raw scores; evaluation of the flags uses it unless told otherwise.
     */
    public static final int PIPELINE_SENSITIVITY = 96;
    /** Default warm-up, in values: one day of 5-minute windows. */
    public static final int DEFAULT_WARM_UP_POINTS = 288;

    public DetectorSettings {
        if (sensitivity < 0 || sensitivity > 99) {
            throw new IllegalArgumentException("sensitivity must be in 0..99, was " + sensitivity);
        }
        if (!(maxAnomalyRatio > 0 && maxAnomalyRatio <= 0.5)) {
            throw new IllegalArgumentException("maxAnomalyRatio must be in (0, 0.5], was " + maxAnomalyRatio);
        }
        if (direction == null) {
            throw new IllegalArgumentException("direction must not be null");
        }
        if (!(minAbsoluteDeviation >= 0) || Double.isInfinite(minAbsoluteDeviation)) {
            throw new IllegalArgumentException("minAbsoluteDeviation must be finite and >= 0, was "
                    + minAbsoluteDeviation);
        }
        if (!(minRelativeDeviation >= 0) || Double.isInfinite(minRelativeDeviation)) {
            throw new IllegalArgumentException("minRelativeDeviation must be finite and >= 0, was "
                    + minRelativeDeviation);
        }
        if (warmUpPoints < 1) {
            throw new IllegalArgumentException("warmUpPoints must be >= 1, was " + warmUpPoints);
        }
        if (period == null) {
            throw new IllegalArgumentException("period must not be null (use Optional.empty())");
        }
        if (period.isPresent() && (period.get().isNegative() || period.get().getSeconds() < 1)) {
            throw new IllegalArgumentException("period must be at least one second, was " + period.get());
        }
    }

    /** Sensitivity 85, max anomaly ratio 0.25, both directions, no minimum deviation, 288 warm-up values, automatic period. */
    public static DetectorSettings defaults() {
        return new DetectorSettings(DEFAULT_SENSITIVITY, 0.25, Direction.BOTH, 0, 0, DEFAULT_WARM_UP_POINTS,
                Optional.empty());
    }

    public DetectorSettings withSensitivity(int value) {
        return new DetectorSettings(value, maxAnomalyRatio, direction, minAbsoluteDeviation, minRelativeDeviation,
                warmUpPoints, period);
    }

    public DetectorSettings withDirection(Direction value) {
        return new DetectorSettings(sensitivity, maxAnomalyRatio, value, minAbsoluteDeviation, minRelativeDeviation,
                warmUpPoints, period);
    }

    public DetectorSettings withMinDeviation(double absolute, double relative) {
        return new DetectorSettings(sensitivity, maxAnomalyRatio, direction, absolute, relative, warmUpPoints,
                period);
    }

    public DetectorSettings withWarmUpPoints(int value) {
        return new DetectorSettings(sensitivity, maxAnomalyRatio, direction, minAbsoluteDeviation,
                minRelativeDeviation, value, period);
    }

    public DetectorSettings withMaxAnomalyRatio(double value) {
        return new DetectorSettings(sensitivity, value, direction, minAbsoluteDeviation, minRelativeDeviation,
                warmUpPoints, period);
    }

    public DetectorSettings withPeriod(Duration value) {
        return new DetectorSettings(sensitivity, maxAnomalyRatio, direction, minAbsoluteDeviation,
                minRelativeDeviation, warmUpPoints, Optional.ofNullable(value));
    }
}

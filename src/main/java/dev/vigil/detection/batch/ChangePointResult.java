package dev.vigil.detection.batch;

/**
 * Change-point verdicts, index-aligned with the input.
 *
 * @param period      the period removed before scoring (0 = none)
 * @param changePoint true where a lasting level or trend change starts
 * @param confidence  confidence in [0, 1) that a change starts at each point
 */
public record ChangePointResult(int period, boolean[] changePoint, double[] confidence) {
}

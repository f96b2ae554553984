package dev.vigil.detection.multivariate;

/**
 * Data quality of one variable over the training span.
 *
 * @param variable     its name
 * @param missingRatio share of training rows where it was missing, 0..1
 * @param constant     true if it never changed (its scale is then a floor, so any change later scores high)
 * @param excluded     true if the model ignores it (missing in too many rows); it then contributes nothing
 */
public record VariableQuality(String variable, double missingRatio, boolean constant, boolean excluded) {
}

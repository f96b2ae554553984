package dev.vigil.detection.multivariate;

/**
 * A change of correlation between two variables (Azure MVAD's {@code correlationChanges}).
 *
 * @param variable the other variable
 * @param change   recent correlation minus training correlation, in -2..2
 */
public record CorrelationChange(String variable, double change) {
}

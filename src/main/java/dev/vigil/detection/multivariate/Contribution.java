package dev.vigil.detection.multivariate;

import java.util.List;

/**
 * One variable's part in a row's score, as Azure's multivariate detector reported it.
 *
 * @param variable           its name
 * @param contribution       0..1, its share of the row's squared variable scores (shares sum to 1 over the row;
 *                           for {@code vigil-pca} v4, inside a run of anomalous rows, its share over the run so far)
 * @param value              the observed value ({@code NaN} if missing)
 * @param expected           the value the other variables and the model imply (the PCA reconstruction)
 * @param correlationChanges the variables whose recent correlation with this one moved most from training
 *                           (computed for the top contributors of anomalous rows only; empty otherwise)
 */
public record Contribution(String variable, double contribution, double value, double expected,
                           List<CorrelationChange> correlationChanges) {

    public Contribution {
        correlationChanges = List.copyOf(correlationChanges);
    }
}

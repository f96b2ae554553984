package dev.vigil.detection.multivariate;

import java.util.List;

/**
 * A trained model of one entity. Immutable and thread-safe; what changes while scoring lives in a
 * {@link ScoringState}, which the caller keeps (a few KB) and persists between runs.
 */
public interface MultivariateModel {

    /** The variables in column order: every scored row has this length and order. */
    List<String> variables();

    /** What training found: rows, components, threshold, per-variable data quality. */
    TrainingReport report();

    /** A fresh state for scoring rows that follow the training span. */
    ScoringState newState();

    /**
     * Judges one aligned row from the model and the recent rows held in {@code state}, then adds the row to the
     * state. Missing values ({@code NaN}) are judged as if they were their expected value and contribute nothing.
     *
     * @param row   one value per variable, in {@link #variables()} order; {@code NaN} marks a missing value
     * @param state the entity's scoring state, updated in place
     * @throws IllegalArgumentException if the row has the wrong length or the state another width
     */
    RowScore score(double[] row, ScoringState state);

    /** The model as bytes, restorable by its engine's {@link MultivariateEngine#restore(byte[])}. */
    byte[] snapshot();
}

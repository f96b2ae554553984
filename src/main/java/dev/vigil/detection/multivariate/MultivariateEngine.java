package dev.vigil.detection.multivariate;

/**
 * Trains multivariate models: one model per entity (a group of variables observed together), then scores that
 * entity's aligned rows one at a time. The pipeline's groups and the Azure-compatible multivariate API use the same
 * engine, so a model trained by one is read by the other.
 *
 * <p>Implementations are stateless and thread-safe: one engine may train many models in parallel.
 */
public interface MultivariateEngine {

    /** Short, stable name stored with every model and result (for example {@code vigil-pca}). */
    String name();

    /** Incremented whenever a model trained by an older version would score differently. */
    int version();

    /**
     * True if {@link #restore} reads models stored by that engine and version (an older version's model then
     * scores as it did when it was trained).
     */
    default boolean reads(String engine, int version) {
        return name().equals(engine) && version() == version;
    }

    /**
     * Trains a model on an aligned matrix. Data conditions (too few rows, too few usable variables, a variable
     * missing in most rows, constant variables) never throw: they give a failed outcome with a reason, or a ready
     * model whose report lists what was excluded.
     *
     * @param data rows in time order, one column per variable, {@code NaN} for a missing value
     */
    TrainingOutcome train(TrainingData data);

    /**
     * Restores a model from {@link MultivariateModel#snapshot()}.
     *
     * @throws IllegalArgumentException if the bytes are not a snapshot of a name and version this engine {@link #reads}
     */
    MultivariateModel restore(byte[] snapshot);
}

package dev.vigil.groups;

import dev.vigil.detection.multivariate.MultivariateEngine;
import dev.vigil.detection.multivariate.MultivariateSettings;
import dev.vigil.detection.multivariate.PcaEngine;

/** The engine the pipeline trains group models with: the default {@code vigil-pca} at its evaluated settings. */
final class GroupEngine {

    static final MultivariateSettings SETTINGS = MultivariateSettings.defaults();
    static final MultivariateEngine ENGINE = new PcaEngine(SETTINGS);

    private GroupEngine() {
    }

    /**
     * True if this engine reads a stored model of that engine and version (an older version it still reads scores
     * as it did; any other waits for retraining).
     */
    static boolean trained(String engine, int version) {
        return ENGINE.reads(engine, version);
    }
}

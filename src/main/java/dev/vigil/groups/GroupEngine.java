package dev.vigil.groups;

import dev.vigil.detection.multivariate.MultivariateEngine;
import dev.vigil.detection.multivariate.MultivariateSettings;
import dev.vigil.detection.multivariate.PcaEngine;
import java.time.Duration;

/** The engine the pipeline trains group models with: the default {@code vigil-pca} at its evaluated settings. */
final class GroupEngine {

    static final MultivariateSettings SETTINGS = MultivariateSettings.defaults();
    static final MultivariateEngine ENGINE = new PcaEngine(SETTINGS);
    /**
     * For a group of a coarse step (at least {@code vigil.detection.coarse-step}): each row scored alone. The
     * default's mean over two rows is meant for 5-minute rows, where a fault lasts several of them; a daily row
     * already holds a whole day, so the mean halved a one-day fault and put half of it on the next day. On six
     * daily meters (20 seeded sites, a year trained and 120 days scored, a fault every ten days) a +50 % day of one
     * meter was caught 96 times of 240 and the day after it flagged 88 times; scored alone, 213 and 0, with no
     * other day flagged either way (BENCHMARKS.md, "A daily group").
     */
    static final MultivariateEngine COARSE_ENGINE = new PcaEngine(SETTINGS.withScoring(1, SETTINGS.trimSpikes()));

    private GroupEngine() {
    }

    /** The engine that trains a group of this step; the model keeps its scoring, so it is restored by either. */
    static MultivariateEngine trainerFor(Duration step, Duration coarseStep) {
        return step.compareTo(coarseStep) >= 0 ? COARSE_ENGINE : ENGINE;
    }

    /**
     * True if this engine reads a stored model of that engine and version (an older version it still reads scores
     * as it did; any other waits for retraining).
     */
    static boolean trained(String engine, int version) {
        return ENGINE.reads(engine, version);
    }
}

package dev.vigil.detection.streaming;

import dev.vigil.detection.DetectorSettings;
import dev.vigil.evaluation.TuningSweep;

/** The default detector at the pipeline's sensitivity with a tuning spec ({@code TuningSweep}'s keys), for tests. */
final class PipelineKinds {

    private PipelineKinds() {
    }

    /** {@code spec}: {@code key=value,...}; empty for the defaults. */
    static LikelihoodDetectorKind kind(String spec) {
        return new LikelihoodDetectorKind(DetectorSettings.defaults()
                .withSensitivity(DetectorSettings.PIPELINE_SENSITIVITY), TuningSweep.parse(spec));
    }
}

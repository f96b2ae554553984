package dev.vigil.scheduling;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.Detectors;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The streaming detector the pipeline uses for every series: one configuration for all, the defaults with the
 * configured sensitivity. An out-of-range sensitivity fails start-up rather than the first run.
 */
@Startup
@ApplicationScoped
public class DetectorChoice {

    private final DetectorKind kind;

    public DetectorChoice(DetectionConfig config) {
        this.kind = Detectors.of(DetectorSettings.defaults().withSensitivity(config.sensitivity()));
    }

    public DetectorKind kind() {
        return kind;
    }
}

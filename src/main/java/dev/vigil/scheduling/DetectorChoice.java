package dev.vigil.scheduling;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.Detectors;
import jakarta.enterprise.context.ApplicationScoped;

/** The streaming detector the pipeline uses for every series: one default configuration for all. */
@ApplicationScoped
public class DetectorChoice {

    public DetectorKind kind() {
        return Detectors.standard();
    }
}

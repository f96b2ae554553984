package dev.vigil.detection;

import dev.vigil.detection.streaming.EnsembleDetectorKind;

/** Entry point to Vigil's streaming detectors. */
public final class Detectors {

    private static final DetectorKind STANDARD = new EnsembleDetectorKind(DetectorSettings.defaults());

    private Detectors() {
    }

    /** The default detector with {@link DetectorSettings#defaults()}. */
    public static DetectorKind standard() {
        return STANDARD;
    }

    /** The standard detector with the caller's settings. */
    public static DetectorKind of(DetectorSettings settings) {
        return new EnsembleDetectorKind(settings);
    }
}

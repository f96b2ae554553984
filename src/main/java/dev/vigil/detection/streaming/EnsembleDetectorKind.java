package dev.vigil.detection.streaming;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.StreamingDetector;

/**
 * The standard streaming detector, {@value #NAME}: an ensemble of simple predictors (last value, fast level, daily
 * and weekly time-of-day profiles) with adaptively normalised errors, plus sustained seasonal-deviation and
 * level-shift features, each scored by how far it beats its own recent records, with damping after an alert.
 * See the package-private {@code EnsembleDetector} for the formulas.
 *
 * <p>Snapshots start with the magic {@code "VGEN"} and the version; they hold only learned state, so a snapshot
 * restores under any settings (the controls of this kind apply from then on). A snapshot of another version is
 * rejected with {@link IllegalArgumentException}: the caller starts a fresh detector. Immutable and thread-safe.
 */
public final class EnsembleDetectorKind implements DetectorKind {

    /** Stored with every result. */
    public static final String NAME = "vigil-ensemble";
    /** Bumped with every change of the maths or the snapshot format. */
    public static final int VERSION = 1;

    private final DetectorSettings settings;

    public EnsembleDetectorKind(DetectorSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        this.settings = settings;
    }

    public DetectorSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public StreamingDetector create(long stepSeconds) {
        if (stepSeconds < 1) {
            throw new IllegalArgumentException("stepSeconds must be >= 1, was " + stepSeconds);
        }
        return new EnsembleDetector(this, stepSeconds);
    }

    @Override
    public StreamingDetector restore(byte[] snapshot) {
        return EnsembleDetector.restore(this, snapshot);
    }
}

package dev.vigil.detection.streaming;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.StreamingDetector;

/**
 * The default streaming detector, {@value #NAME}: predictors with adaptively normalised errors give four features
 * (prediction residual, sustained seasonal deviation, level shift, volatility), each turned into a tail probability
 * against its own past by a peaks-over-threshold fit; the score is the largest surprisal ({@code -log10} of that
 * probability). See the package-private {@code LikelihoodDetector} for the formulas.
 *
 * <p>Snapshots start with the magic {@code "VGLK"} and the version; they hold only learned state, so a snapshot
 * restores under any settings (the controls of this kind apply from then on). A snapshot of another detector or
 * version is rejected with {@link IllegalArgumentException}: the caller starts a fresh detector (or rebuilds one
 * from stored history). Immutable and thread-safe.
 */
public final class LikelihoodDetectorKind implements DetectorKind {

    /** Stored with every result. */
    public static final String NAME = "vigil-likelihood";
    /** Bumped with every change of the maths or the snapshot format. */
    public static final int VERSION = 13;

    private final DetectorSettings settings;
    private final LikelihoodTuning tuning;

    public LikelihoodDetectorKind(DetectorSettings settings) {
        this(settings, LikelihoodTuning.defaults());
    }

    /** For evaluation: the same detector with other constants (results of such a kind are not comparable). */
    public LikelihoodDetectorKind(DetectorSettings settings, LikelihoodTuning tuning) {
        if (settings == null || tuning == null) {
            throw new IllegalArgumentException("settings and tuning must not be null");
        }
        this.settings = settings;
        this.tuning = tuning;
    }

    public DetectorSettings settings() {
        return settings;
    }

    public LikelihoodTuning tuning() {
        return tuning;
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
        return new LikelihoodDetector(this, stepSeconds);
    }

    @Override
    public StreamingDetector restore(byte[] snapshot) {
        return LikelihoodSnapshot.read(this, snapshot);
    }
}

package dev.vigil.detection;

import dev.vigil.detection.streaming.EnsembleDetectorKind;
import dev.vigil.detection.streaming.LikelihoodDetectorKind;

/**
 * Entry point to Vigil's streaming detectors.
 *
 * <p>Typical use by the pipeline, per series and run:
 * <pre>{@code
 * DetectorKind kind = Detectors.standard();
 * StreamingDetector d = stored == null ? kind.create(300) : kind.restore(stored); // 300 s = 5-minute windows
 * for (Window w : newWindowsInTimeOrder) {
 *     Verdict v = d.observe(w.startEpochSecond(), w.value());   // store v with kind.name() and kind.version()
 * }
 * stored = d.snapshot();                                        // a few KB, independent of history length
 * }</pre>
 * A new detector reports {@code warmingUp} for its first 288 values (one day of 5-minute windows). The step
 * passed to {@code create} is the series' window length in seconds; windows that are missing simply are
 * not observed (the detector sees the jump in time). Restoring with a kind of other settings keeps the learned state
 * and applies the new controls. Kinds are immutable and thread-safe; detectors are not.
 */
public final class Detectors {

    private static final DetectorKind STANDARD = new LikelihoodDetectorKind(DetectorSettings.defaults());

    private Detectors() {
    }

    /** The default detector ({@value LikelihoodDetectorKind#NAME}) with {@link DetectorSettings#defaults()}. */
    public static DetectorKind standard() {
        return STANDARD;
    }

    /**
     * The standard detector with the caller's settings.
     *
     * @throws IllegalArgumentException if {@code settings} is null
     */
    public static DetectorKind of(DetectorSettings settings) {
        return new LikelihoodDetectorKind(settings);
    }

    /**
     * The previous default, {@value EnsembleDetectorKind#NAME}, kept for comparison in evaluation and for reading
     * what it stored; the pipeline no longer creates it.
     *
     * @throws IllegalArgumentException if {@code settings} is null
     */
    public static DetectorKind ensemble(DetectorSettings settings) {
        return new EnsembleDetectorKind(settings);
    }
}

package dev.vigil.detection;

/**
 * Names a streaming detector implementation and its version, and creates or restores instances of it.
 * The name and version are stored with every result so a result can be traced to the maths that made it.
 */
public interface DetectorKind {

    /** A short stable name, e.g. {@code "seasonal-robust-z"}. */
    String name();

    /** Bumped whenever the maths or the snapshot format changes. */
    int version();

    /** A fresh detector for a series whose windows are {@code stepSeconds} apart. */
    StreamingDetector create(long stepSeconds);

    /**
     * Restores a detector from {@link StreamingDetector#snapshot()}.
     *
     * @throws IllegalArgumentException if the bytes were not written by this kind and version
     */
    StreamingDetector restore(byte[] snapshot);
}

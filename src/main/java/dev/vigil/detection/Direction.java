package dev.vigil.detection;

/** Which deviations from the expected value may be flagged as anomalies. */
public enum Direction {
    /** Only values above the expected value (spikes, upward level shifts). */
    SPIKE,
    /** Only values below the expected value (dips, downward level shifts). */
    DIP,
    /** Deviations in either direction. */
    BOTH;

    /** True when a deviation {@code value - expected} of this sign may be flagged. */
    public boolean allows(double deviation) {
        return switch (this) {
            case SPIKE -> deviation > 0;
            case DIP -> deviation < 0;
            case BOTH -> deviation != 0;
        };
    }
}

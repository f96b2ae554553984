package dev.vigil.detection.multivariate;

import java.util.Locale;

/** How a missing value of an aligned variable is filled (Azure MVAD's {@code fillNAMethod}). */
public enum FillMode {
    /** Straight line between the nearest values before and after; the nearest value at either end. */
    LINEAR,
    /** The nearest value before; the first value for leading gaps. */
    PREVIOUS,
    /** The nearest value after; the last value for trailing gaps. */
    SUBSEQUENT,
    /** 0. */
    ZERO,
    /** The policy's fixed value (Azure's {@code paddingValue}). */
    FIXED,
    /** Left missing ({@code NaN}): the engine judges the row on its other variables. */
    NOT_FILL;

    /**
     * Reads Azure's spelling ({@code Linear}, {@code Previous}, {@code Subsequent}, {@code Zero}, {@code Fixed},
     * {@code NotFill}) or the enum name, ignoring case.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static FillMode parse(String text) {
        String t = text == null ? "" : text.trim().replace("_", "").toLowerCase(Locale.ROOT);
        for (FillMode m : values()) {
            if (m.name().replace("_", "").toLowerCase(Locale.ROOT).equals(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown fill mode: " + text);
    }
}

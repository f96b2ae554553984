package dev.vigil.detection.multivariate;

/**
 * How gaps of an aligned variable are filled.
 *
 * @param mode       the method
 * @param fixedValue the value {@link FillMode#FIXED} writes (ignored otherwise); finite
 */
public record FillPolicy(FillMode mode, double fixedValue) {

    /** Azure MVAD's default. */
    public static final FillPolicy LINEAR = new FillPolicy(FillMode.LINEAR, 0);

    public FillPolicy {
        if (mode == null || !Double.isFinite(fixedValue)) {
            throw new IllegalArgumentException("mode must be set and fixedValue finite");
        }
    }

    /**
     * Fills the {@code NaN} entries of one column in place. A column with no value at all stays {@code NaN}
     * except under {@link FillMode#ZERO} and {@link FillMode#FIXED}. O(n), not thread-safe on a shared array.
     */
    public void fill(double[] column) {
        int n = column.length;
        switch (mode) {
            case NOT_FILL -> {
            }
            case ZERO, FIXED -> {
                double v = mode == FillMode.ZERO ? 0 : fixedValue;
                for (int i = 0; i < n; i++) {
                    if (Double.isNaN(column[i])) {
                        column[i] = v;
                    }
                }
            }
            case PREVIOUS -> {
                fillForward(column);
                fillBackward(column);
            }
            case SUBSEQUENT -> {
                fillBackward(column);
                fillForward(column);
            }
            case LINEAR -> interpolate(column);
        }
    }

    private static void fillForward(double[] c) {
        double last = Double.NaN;
        for (int i = 0; i < c.length; i++) {
            if (Double.isNaN(c[i])) {
                c[i] = last;
            } else {
                last = c[i];
            }
        }
    }

    private static void fillBackward(double[] c) {
        double next = Double.NaN;
        for (int i = c.length - 1; i >= 0; i--) {
            if (Double.isNaN(c[i])) {
                c[i] = next;
            } else {
                next = c[i];
            }
        }
    }

    private static void interpolate(double[] c) {
        int before = -1;
        for (int i = 0; i <= c.length; i++) {
            if (i < c.length && Double.isNaN(c[i])) {
                continue;
            }
            if (before >= 0 && i < c.length) {
                for (int g = before + 1; g < i; g++) {
                    c[g] = c[before] + (c[i] - c[before]) * (g - before) / (i - before);
                }
            }
            before = i < c.length ? i : before;
        }
        fillForward(c); // trailing gap: the last value
        fillBackward(c); // leading gap: the first value
    }
}

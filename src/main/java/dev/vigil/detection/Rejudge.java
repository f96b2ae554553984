package dev.vigil.detection;

/**
 * Judges a revised value against the band a detector predicted for its window earlier. A late reading changes a
 * window after the detector already learned it; the state cannot un-learn, but the band it predicted from the
 * past alone still stands, so the revised value is measured against that band. Severity follows the same rule as
 * the original verdict: 0 inside the band, rising to 1 at one band half-width beyond the edge.
 */
public final class Rejudge {

    private Rejudge() {
    }

    /**
     * @param original the verdict stored for the window
     * @param value    the window's revised value (finite)
     * @return a verdict with the same band; warming-up verdicts stay warming up
     */
    public static Verdict against(Verdict original, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, was " + value);
        }
        if (original.warmingUp() || Double.isNaN(original.lower()) || Double.isNaN(original.upper())) {
            return original;
        }
        double half = Math.max((original.upper() - original.lower()) / 2, Double.MIN_NORMAL);
        double beyond = value > original.upper() ? value - original.upper()
                : value < original.lower() ? original.lower() - value : 0;
        double score = (value - original.expected()) / half;
        return new Verdict(original.expected(), original.lower(), original.upper(), beyond > 0,
                Math.min(1, beyond / half), score, false);
    }
}

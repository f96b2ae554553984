package dev.vigil.detection;

/**
 * Judges a revised value against what a detector judged for its window earlier. A late reading changes a window after
 * the detector already learned it; the state cannot un-learn, but the earlier verdict still stands for the value it
 * judged, so the revision is measured against that verdict and its band.
 *
 * <p>The band is narrower than a detector's flag: at the default sensitivity a value one and a half scales out is
 * outside the band, while the detector flags on a surprisal of 3 decades, which a series' own tail may put much
 * further out. Judged against the band alone, a re-sent reading (the same mean) or a small revision turned windows
 * the detector had passed into anomalies at a few hundredths of severity, by the hundred. So:
 * <ul>
 *   <li>the same value keeps its verdict, whatever it was;</li>
 *   <li>an anomaly stays one, with its severity and reason, when the revision lies on the same side and less than a
 *       half-width nearer the expected value (a flag from the level or shape of the series may lie inside the band,
 *       and a small revision does not undo it);</li>
 *   <li>otherwise the revision is an anomaly only at twice the band's half-width from the expected value or more
 *       (at the default sensitivity about 3.5 scales: where a normal residual reaches the flag's 3 decades), and,
 *       when the earlier value on the same side was passed, a half-width beyond that value too (the detector judged
 *       that far to be normal). Its severity is 0.5 there, as a live flag's is at its threshold, rising to 1 one
 *       half-width further out.</li>
 * </ul>
 * A window revised many times in small steps in one direction is judged each time against the last verdict, so a
 * creep of less than a half-width per revision is not flagged; a single late reading moves a mean at once.
 */
public final class Rejudge {

    private Rejudge() {
    }

    /**
     * @param original      the verdict stored for the window
     * @param originalValue the value that verdict judged (finite)
     * @param value         the window's revised value (finite)
     * @return a verdict with the same band; warming-up verdicts stay warming up
     * @throws IllegalArgumentException when a value is not finite
     */
    public static Verdict against(Verdict original, double originalValue, double value) {
        if (!Double.isFinite(value) || !Double.isFinite(originalValue)) {
            throw new IllegalArgumentException("values must be finite, were " + originalValue + " and " + value);
        }
        if (original.warmingUp() || Double.isNaN(original.lower()) || Double.isNaN(original.upper())
                || value == originalValue) {
            return original;
        }
        double expected = original.expected();
        double half = Math.max((original.upper() - original.lower()) / 2, Double.MIN_NORMAL);
        double distance = Math.abs(value - expected);
        double before = Math.abs(originalValue - expected);
        boolean sameSide = Math.signum(value - expected) == Math.signum(originalValue - expected);
        double score = (value - expected) / half;
        if (original.anomaly() && sameSide && distance > before - half) {
            return new Verdict(expected, original.lower(), original.upper(), true, original.severity(), score, false,
                    original.reason());
        }
        double edge = 2 * half;
        if (!original.anomaly() && sameSide) {
            edge = Math.max(edge, before + half);
        }
        boolean anomaly = distance >= edge;
        double severity = anomaly ? 0.5 + 0.5 * Math.min(1, (distance - edge) / half) : 0;
        return new Verdict(expected, original.lower(), original.upper(), anomaly, severity, score, false);
    }
}

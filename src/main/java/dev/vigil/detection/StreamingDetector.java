package dev.vigil.detection;

/**
 * A per-series detector fed one window value at a time, in time order.
 *
 * <p>{@link #observe} first judges the value against what the detector learned from earlier values only, then
 * learns it. Implementations are not thread-safe: one instance belongs to one series and one caller at a time.
 * The state must stay bounded (it may not grow with the number of values seen), so that a pipeline run reads and
 * writes a compact snapshot per series instead of the series' history.
 */
public interface StreamingDetector {

    /**
     * Judges {@code value} observed for the window starting at {@code epochSecond}, then learns it.
     *
     * @param epochSecond window start in seconds since the epoch; must be later than the previous call's
     * @param value       a finite value
     * @throws IllegalArgumentException if the value is not finite or the time does not move forward
     */
    Verdict observe(long epochSecond, double value);

    /**
     * Learns stored history before judging new values: the rebuild of a series' state after the detector (or its
     * version) changed. The verdicts are not wanted, so a detector may skip work that only judging needs, as long as
     * it is ready to judge the next value afterwards; the default observes each value.
     *
     * @param epochs window starts, ascending
     * @param values their values, finite
     * @throws IllegalArgumentException if the two differ in length (before anything is learned)
     */
    default void learn(long[] epochs, double[] values) {
        if (epochs.length != values.length) {
            throw new IllegalArgumentException("epochs and values differ in length: " + epochs.length + " and "
                    + values.length);
        }
        for (int i = 0; i < epochs.length; i++) {
            observe(epochs[i], values[i]);
        }
    }

    /**
     * A change point confirmed from outside (a user's feedback): the series' normal level moved at
     * {@code epochs[0]}. The detector shifts what it learned by the size of the move, so the new level is judged
     * normal at once instead of being alerted on until the detector has relearned it.
     *
     * @param epochs window starts since the change, ascending (those after the last observed one may be included:
     *               they inform the size of the move only)
     * @param values their values, finite
     * @return the shift applied, in the series' units; {@code NaN} when this detector cannot re-base (then the
     *         caller should rebuild it from the windows since the change) or no values were given
     */
    default double rebase(long[] epochs, double[] values) {
        return rebase(epochs, values, Double.NaN);
    }

    /** As {@link #rebase(long[], double[])}, with the move measured by the caller ({@code NaN}: measure it here). */
    default double rebase(long[] epochs, double[] values, double measured) {
        return Double.NaN;
    }

    /** A compact, versioned snapshot of the state, restorable by the detector's {@link DetectorKind}. */
    byte[] snapshot();

    /** The detector's identity, stored with every result. */
    DetectorKind kind();
}

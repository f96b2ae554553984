package dev.vigil.detection.batch;

/**
 * The verdict on every point of a series, index-aligned with the input. Arrays are owned by the record (the
 * detector hands over fresh arrays and callers must not modify them).
 *
 * @param period       the period used (0 = no cycle)
 * @param model        which model judged the series
 * @param expected     expected value per point, in the series' units
 * @param upperMargins absolute distance from expected to the upper bound (≥ 0)
 * @param lowerMargins absolute distance from expected to the lower bound (≥ 0)
 * @param anomaly      anomaly flag per point
 * @param positive     anomaly with value above expected
 * @param negative     anomaly with value below expected
 * @param severity     0 for normal points, otherwise min(|value − expected| / |expected|, 1), in (0, 1]
 */
public record BatchResult(int period, Model model, double[] expected, double[] upperMargins, double[] lowerMargins,
                          boolean[] anomaly, boolean[] positive, boolean[] negative, double[] severity) {

    /** The model the service's selection rule picked. */
    public enum Model { SEASONAL_ESD, SPECTRAL_RESIDUAL, DYNAMIC_THRESHOLD }

    /** Number of points. */
    public int size() {
        return expected.length;
    }

    /** Number of anomalies. */
    public int anomalyCount() {
        int c = 0;
        for (boolean a : anomaly) {
            c += a ? 1 : 0;
        }
        return c;
    }
}

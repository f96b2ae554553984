package dev.vigil.alerting;

/**
 * How often the streaming detector flags a window of anomaly-free data by chance, per series, at a sensitivity: the
 * measured operating point of README "Sensitivity" ({@code FalseAlarmRate}, 30 days of 5-minute windows, 100 series;
 * the heavy-tailed Student-t3 column, the larger of the two noise kinds), divided by the 288 windows of a day. The
 * table here is the one source: {@code ChanceFlagsTest} fails when the README's column or a fresh measurement with
 * the current detector disagrees with it. The
 * hourly replay of {@code FalseIncidentRate} gives the same order per window (0.0347 a day over 24 windows: 0.0014
 * at 96), so the rate is kept per window, whatever the step. Between measured points it is interpolated in the
 * logarithm; below 80 it is 80's (an overestimate, which only makes the incident scope test stricter), above 99
 * it is 99's. Plain logic.
 */
final class ChanceFlags {

    static final int[] SENSITIVITY = {80, 85, 90, 93, 96, 99};
    /** False alarms per series per day at each sensitivity above (README "Sensitivity", Student-t3). */
    static final double[] PER_DAY = {0.056, 0.087, 0.170, 0.267, 0.451, 0.726};
    private static final int WINDOWS_PER_DAY = 288;

    /**
     * The chance that a window of a coarse series (judged by the batch engine, README "Coarse series") is flagged on
     * ordinary data: 11.1 % of ordinary days of the AIOps Challenge KPIs turned into daily means were flagged at the
     * default sensitivity (2.4 % of clean synthetic days), rounded up. The larger measurement, so the incident
     * scope test errs towards not merging; the streaming detector's rate per window is some 70 times smaller, and
     * taken for daily data it made a daily fleet's ordinary flags one incident that never closed.
     */
    static final double COARSE_PER_WINDOW = 0.12;

    private ChanceFlags() {
    }

    /** The chance that one series' window is flagged on anomaly-free data. */
    static double perWindow(int sensitivity) {
        if (sensitivity <= SENSITIVITY[0]) {
            return PER_DAY[0] / WINDOWS_PER_DAY;
        }
        for (int i = 1; i < SENSITIVITY.length; i++) {
            if (sensitivity <= SENSITIVITY[i]) {
                double f = (double) (sensitivity - SENSITIVITY[i - 1]) / (SENSITIVITY[i] - SENSITIVITY[i - 1]);
                return Math.exp((1 - f) * Math.log(PER_DAY[i - 1]) + f * Math.log(PER_DAY[i])) / WINDOWS_PER_DAY;
            }
        }
        return PER_DAY[PER_DAY.length - 1] / WINDOWS_PER_DAY;
    }
}

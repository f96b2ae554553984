package dev.vigil.detection;

/**
 * What a streaming detector says about one value, judged from earlier values only.
 *
 * @param expected  the value the detector predicted, in the series' units; NaN while warming up
 * @param lower     lower bound of the normal band (inclusive); NaN while warming up
 * @param upper     upper bound of the normal band (inclusive); NaN while warming up
 * @param anomaly   true when the value lies outside the band and passes the detector's other filters
 * @param severity  the grade in [0, 1]: 0 inside the band, growing with the distance outside it
 * @param score     the raw, unbounded score (e.g. a robust z-score); 0 while warming up
 * @param warmingUp true while the detector has too little history to judge; then {@code anomaly} is false
 * @param reason    for an anomaly, what made the detector flag it: {@value #VALUE} (the value left its band),
 *                  {@value #SHAPE} (the daily or weekly pattern was departed from for a while), {@value #LEVEL} (the
 *                  level shifted: a change point), {@value #TREND} (the slope changed: a change point),
 *                  {@value #VOLATILITY} (the variability changed) or {@value #RARE} (the value lies where the
 *                  series' recent values seldom go); the last five can fire while the value itself lies inside its
 *                  band. The pipeline adds {@value #LIMIT} (the value broke an alert rule's fixed limits) and
 *                  {@value #CHANGE} (the value moved from an earlier window's by more than a rule's percentage),
 *                  whatever the detector said. Null when not an anomaly.
 */
public record Verdict(double expected, double lower, double upper, boolean anomaly, double severity, double score,
                      boolean warmingUp, String reason) {

    public static final String VALUE = "value";
    public static final String SHAPE = "shape";
    public static final String LEVEL = "level";
    public static final String VOLATILITY = "volatility";
    public static final String TREND = "trend";
    public static final String RARE = "rare";
    public static final String LIMIT = "limit";
    public static final String CHANGE = "change";

    /** A verdict whose flag, if any, comes from the band alone. */
    public Verdict(double expected, double lower, double upper, boolean anomaly, double severity, double score,
                   boolean warmingUp) {
        this(expected, lower, upper, anomaly, severity, score, warmingUp, anomaly ? VALUE : null);
    }

    public Verdict {
        if (Double.isNaN(severity) || severity < 0 || severity > 1) {
            throw new IllegalArgumentException("severity must be in [0, 1], was " + severity);
        }
        if (warmingUp && anomaly) {
            throw new IllegalArgumentException("a warming-up verdict cannot flag an anomaly");
        }
        if (!anomaly) {
            reason = null;
        }
    }

    /**
     * This verdict for a value that broke an alert rule's condition ({@value #LIMIT} or {@value #CHANGE}): an anomaly
     * of full severity, judged also while the detector warms up (a rule's condition needs no learned history), with
     * the detector's band kept. Its reason is the condition's, unless the detector found a change point here
     * ({@value #LEVEL}, {@value #TREND}): that reason stays, so the change point is still recorded and marked.
     */
    public Verdict ruleBroken(String condition) {
        boolean changePoint = LEVEL.equals(reason) || TREND.equals(reason);
        return new Verdict(expected, lower, upper, true, 1, score, false, changePoint ? reason : condition);
    }

    /** Whether this reason is a rule's condition rather than the detector's judgement. */
    public static boolean byRule(String reason) {
        return LIMIT.equals(reason) || CHANGE.equals(reason);
    }

    /** The verdict given before enough history exists. */
    public static Verdict insufficientHistory() {
        return new Verdict(Double.NaN, Double.NaN, Double.NaN, false, 0, 0, true);
    }
}

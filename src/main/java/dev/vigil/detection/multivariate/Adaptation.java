package dev.vigil.detection.multivariate;

/**
 * How a {@link PcaModel} judges each variable against its own recent level (version 4; see
 * {@link MultivariateSettings#adaptRate()}), and where a new scoring state starts: the levels and raw row scores
 * at the end of the training span.
 *
 * @param rate   weight of the newest squared score in a variable's level; 0: no adaptation (versions 2 and 3)
 * @param cap    a score enters the level capped at this value
 * @param level  each variable's level after the training rows (empty when {@code rate} is 0)
 * @param recent the last training rows' raw scores, newest first, as many as a score averages minus one (empty
 *               when {@code rate} is 0)
 */
record Adaptation(double rate, double cap, float[] level, double[] recent) {

    static final Adaptation NONE = new Adaptation(0, 1, new float[0], new double[0]);

    boolean on() {
        return rate > 0;
    }

    /** A variable's score judged against its level; updates the level in {@code state}. */
    double judge(int j, double score, ScoringState state) {
        double level = state.level(j);
        state.level(j, (1 - rate) * level + rate * Math.min(score * score, cap * cap));
        return score / Math.sqrt(Math.max(1, level));
    }

    ScoringState newState(int width, int window) {
        return newState(width, window, false);
    }

    /** {@code peaks}: the state also holds the current episode's peak score (a model with a peak ratio). */
    ScoringState newState(int width, int window, boolean peaks) {
        return on() ? new ScoringState(width, window, level.clone(), recent.clone(), peaks)
                : new ScoringState(width, window, new float[0], new double[0], peaks);
    }
}

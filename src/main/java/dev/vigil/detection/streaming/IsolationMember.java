package dev.vigil.detection.streaming;

import static dev.vigil.detection.streaming.LikelihoodDetector.WINDOW;

/**
 * How {@link LikelihoodDetector} consults its isolation member ({@link IsolationNovelty}): which values it judges,
 * how its surprisal counts beside the predictors' features, and the rebuild's fill-only phase.
 *
 * <p><b>An isolation member</b> (version 10, {@code isolation} 256, {@code isolationPaths} 64,
 * {@code isolationOffset} 0.5): how isolated a value is among the last 256 values ({@link IsolationNovelty}), turned
 * into a surprisal by its own tail (at most {@value IsolationNovelty#MAX_SURPRISAL}), joins the maximum half a decade
 * down, with reason {@code rare}. The predictors
 * judge a value by its distance from what they expected in units of their typical error; on a metric that jumps
 * between a few levels the typical error is the jump, so a value between the levels, where the series never goes,
 * was no surprise to them. That is the kind of event a random cut forest finds on server metrics and v9 did not (on
 * the pooled judge's SMD machines the forest scored 74 to v9's 65); the offset keeps the member from adding chance
 * flags to the series the predictors already serve well. From version 11 it judges only data whose recent values
 * come every 30 minutes or faster ({@code isolationMaxStep} 1800, the data's step from their times, not the window
 * size): at hourly steps its 256 values span 11 days, and what lies outside them is mostly the season or the weather
 * (the smart-meter demo's coldest evenings), not a fault. From version 12 it does not judge a new extreme of its
 * 256 values that lies within 7 typical steps of the old one ({@code isolationMargin} 7, in units of the mean absolute
 * change between neighbours): a slowly drifting metric makes such new extremes all the time, and they were most of
 * the member's false flags on NAB-like series; a value in a gap, or far beyond the range, is judged as before, and
 * counts a quarter decade down instead of half ({@code isolationOffset} 0.25).
 *
 * <p>The member is read and written directly by {@link LikelihoodSnapshot}. Not thread-safe.
 */
final class IsolationMember {

    private final LikelihoodTuning tuning;
    private final long step;
    /** The recent values' times (the data's step). */
    private final RecentWindow window;
    /** The member ({@code isolation} tuning), or null: then every value's surprisal is 0. */
    final IsolationNovelty novelty;
    /** True while {@link LikelihoodDetector#learn} feeds a rebuild's older values: the member only fills its sample. */
    boolean filling;

    IsolationMember(LikelihoodTuning t, long step, RecentWindow window) {
        this.tuning = t;
        this.step = step;
        this.window = window;
        this.novelty = t.isolation() == 0 ? null : new IsolationNovelty(t.isolation(), t.isolationPaths(),
                new TailProbability(t.tailAlpha(), t.tailSds(), 0.05, t.tailWarmUp(), t.minShape()));
    }

    /**
     * The member's surprisal for x at {@code t} less {@code isolationOffset}, judged before the detector learns x
     * ({@code seen} values learned, the last at {@code lastEpoch}; {@code longStep} the long-run mean |step|, the
     * margin's unit); 0 without a member, for a gated value, and while filling.
     */
    double surprisal(long t, double x, long seen, long lastEpoch, double longStep) {
        if (novelty == null || !judges(t, seen, lastEpoch)) {
            return 0;
        } else if (filling) {
            novelty.fill(x);
            return 0;
        } else {
            return novelty.observe(x, tuning.isolationMargin() * longStep) - tuning.isolationOffset();
        }
    }

    /**
     * Whether the data's step is at most {@code isolationMaxStep} (or no limit is set): the span of the recent values,
     * t included, over their number, so hourly readings in 5-minute windows count as hourly (the window size, the
     * detector's {@code step}, says nothing about them); when a long gap emptied them (daily readings in 5-minute
     * windows), the gap since the last value; the window size for the first value. A gated value is not added to the
     * member's sample either.
     */
    private boolean judges(long t, long seen, long lastEpoch) {
        long maxStep = tuning.isolationMaxStep();
        if (maxStep == 0) {
            return true;
        }
        int n = Math.min(window.count, WINDOW - 1);
        if (n == 0) {
            return (seen == 0 ? step : t - lastEpoch) <= maxStep;
        }
        return t - window.epochs[window.back(n - 1)] <= n * maxStep;
    }
}

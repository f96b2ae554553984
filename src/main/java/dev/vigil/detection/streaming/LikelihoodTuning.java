package dev.vigil.detection.streaming;

/**
 * The constants of {@link LikelihoodDetectorKind}, in one place so that evaluation can vary them and BENCHMARKS.md
 * can say which values cross-validation chose. The pipeline uses {@link #defaults()} only; none of these is a user
 * control (those are in {@code DetectorSettings}).
 *
 * @param tailAlpha     weight of the newest feature value in each {@link TailProbability} (memory 1/alpha values)
 * @param tailSds       tail threshold of each {@link TailProbability}, in standard deviations of ln(1 + feature)
 * @param tailWarmUp    feature values each {@link TailProbability} learns before it reports a surprisal
 * @param alertSurprisal a surprisal (decades) at or above which an alert starts and later surprisals are damped
 * @param dampedSteps   values for which surprisals are damped after an alert starts
 * @param damping       factor applied to surprisals while damped, in [0, 1]
 * @param volatility    whether the volatility feature (recent mean absolute step over its long-run mean) is used
 * @param rebase        whether the long-run level re-bases to the recent mean when a level shift raises an alert
 * @param minShape      lower bound of the fitted tail shape; 0 forbids a finite end point of the tail
 * @param calibrateWhileLearning whether the tails learn the features during the settings' warm-up too (the
 *                      warm-up is then the longer of the two, not their sum)
 * @param levelFeature  whether the level-shift feature is used
 * @param levelMemory   the level feature's tail remembers this many times longer than the others (its values are
 *                      averages of {@code LEVEL_WINDOW} values, so they carry fewer independent peaks per value)
 * @param peakDecay     0: off; else a surprisal below the recent peak surprisal, decayed by this factor per value
 *                      since, is reported as 0 (an event crosses any threshold once)
 * @param warmUpCycles  the warm-up also lasts until this many daily cycles (or caller-given periods) have passed
 *                      since the first value, so the seasonal predictors can be ready when judging starts
 * @param reportChangePoints whether a confirmed level shift (a re-base) is reported even below the recent peak
 * @param trends        whether a confirmed level change whose window a line fits better than a step is a trend
 *                      change (reason {@code trend}): the slope is learned and later values are judged against it
 * @param seasonalShifts whether a sustained one-sided departure from the seasonal profiles is confirmed as a level
 *                      shift (reason {@code level}) and the profiles re-based, on series whose swing hides steps
 *                      from the level feature
 * @param shiftErrors   a seasonal shift must move the recent values by at least this many typical errors of their
 *                      seasonal prediction (as they were before the shift)
 * @param shiftCycles   a seasonal shift must have kept the values on one side of their baseline for this many daily
 *                      cycles (or caller-given periods)
 * @param resonance     0: off; else the vigilance of an adaptive-resonance member ({@link ResonanceNovelty}) whose
 *                      window mismatch joins the features (reason {@code shape})
 * @param momentum      the share of the last step that the first predictor carries on beyond the last value (0: the
 *                      last value, v4)
 * @param sharperSeasonal whether the seasonal feature, with both profiles ready, is that of the profile with the
 *                      smaller scale instead of the smaller of the two
 * @param runMargin     0: off; else within one run of a sustained feature's surprisal at 1 or more (consecutive
 *                      values), a report of that feature must exceed the run's last report by this many decades: a
 *                      slow ramp of the level feature otherwise reports a new high every few values
 * @param runFeatures   the sustained features {@code runMargin} applies to: 1 level, 2 seasonal, 3 both
 * @param flagRepeatMargin 0: off; else within {@code flagRepeatValues} values after a flag, a value is flagged only if
 *                      its surprisal beats that flag's by this many decades (the raw score is not changed: the rule
 *                      is tied to the sensitivity's threshold, which a raw score cannot know)
 * @param flagRepeatValues the values after a flag during which {@code flagRepeatMargin} applies
 * @param meanPredictor 0: off; else the long-run mean joins the residual's predictors while its mean absolute error is
 *                      at most this many times every ready predictor's (white noise: no predictor beats the mean)
 * @param meanSettle    values whose error the long-run mean's scale must have learned before {@code meanPredictor} acts
 * @param fullWindows   whether, after a gap emptied the recent window, the level and seasonal features wait until
 *                      it holds their full number of values again (a mean of fewer values is noisier than the means
 *                      their tails learned)
 * @param gapSpan       0: off; else where the level window spans a quarter of the daily cycle or more (hourly data),
 *                      the level feature is neither judged nor learned while the window spans more than this many
 *                      steps beyond its own length (a gap of a few hours leaves the window uneven over the day)
 * @param peakPrior     0: off; else the peak share of the shape, level and volatility tails (the features that are
 *                      means over a window, not the residual's) starts at a normal tail's share beyond
 *                      {@code tailSds} and counts as this many values ({@link TailProbability}), instead of 0 until
 *                      the first peak
 * @param isolation     0: off; else the values in the sample of an isolation member ({@link IsolationNovelty}): how
 *                      isolated a value is among the last this many values joins the features (reason {@code rare})
 * @param isolationPaths the cut sequences the isolation member averages its depth over
 * @param isolationOffset decades subtracted from the isolation member's surprisal before it joins the maximum
 * @param isolationMaxStep 0: the isolation member judges data at any step; else only while its recent values came at
 *                      most this many seconds apart on average (at hourly steps its sample spans 11 days, and a
 *                      value outside that range is mostly the season or the weather)
 * @param isolationMargin 0: the isolation member judges every value; else not a value beyond the sample's range by
 *                      at most this many typical steps (the mean absolute change between neighbours): a slowly
 *                      drifting series reaches such a new extreme in a few ordinary steps
 * @param weeklyRecurrence 0: off; else a flag at an hour of the week flagged in at least this many of the four
 *                      weeks before is withheld (the score is kept): a weekly pattern, not news ({@link WeeklyRecurrence};
 *                      only at steps of an hour or less)
 */
public record LikelihoodTuning(double tailAlpha, double tailSds, int tailWarmUp, double alertSurprisal,
                               int dampedSteps, double damping, boolean volatility, boolean rebase,
                               double minShape, boolean calibrateWhileLearning, boolean levelFeature,
                               double levelMemory, double peakDecay, int warmUpCycles, boolean reportChangePoints,
                               boolean trends, boolean seasonalShifts, double shiftErrors,
                               double shiftCycles, double resonance, double momentum, boolean sharperSeasonal,
                               double runMargin, int runFeatures, double flagRepeatMargin, int flagRepeatValues,
                               double meanPredictor, int meanSettle, boolean fullWindows, int gapSpan,
                               double peakPrior, int isolation, int isolationPaths, double isolationOffset,
                               long isolationMaxStep, double isolationMargin, int weeklyRecurrence) {

    public LikelihoodTuning {
        if (!(tailAlpha > 0 && tailAlpha < 1) || !(tailSds > 0) || tailWarmUp < 1 || !(alertSurprisal > 0)
                || dampedSteps < 0 || !(damping >= 0 && damping <= 1) || !(minShape >= -0.5 && minShape <= 0) || !(levelMemory >= 1)
                || !(peakDecay >= 0 && peakDecay < 1) || warmUpCycles < 0 || !(shiftErrors >= 0) || !(shiftCycles >= 0)
                || !(resonance >= 0 && resonance < 1) || !(momentum >= 0 && momentum <= 1)
                || !(runMargin >= 0) || runFeatures < 1 || runFeatures > 3 || !(flagRepeatMargin >= 0)
                || flagRepeatValues < 0 || !(meanPredictor >= 0) || meanSettle < 1 || gapSpan < 0
                || !(peakPrior >= 0) || isolation < 0 || isolation == 1 || isolation > 4096 || isolationPaths < 1
                || isolationPaths > IsolationNovelty.MAX_PATHS
                || !(isolationOffset >= 0) || isolationMaxStep < 0
                || !(isolationMargin >= 0) || weeklyRecurrence < 0 || weeklyRecurrence > WeeklyRecurrence.WEEKS) {
            throw new IllegalArgumentException("invalid tuning " + tailAlpha + " " + tailSds + " " + tailWarmUp
                    + " " + alertSurprisal + " " + dampedSteps + " " + damping);
        }
    }

    /**
     * The values chosen with leave-one-category/corpus-out cross-validation over NAB's development files, the 29 KPIs
     * and NAB's realKnownCause made hourly and irregular (BENCHMARKS.md, "vigil-likelihood v2"): configuration
     * {@code pd995_d0} of the sweep (v1's {@code lm10_ov} with peak-relative reporting instead of 300 muted values),
     * with v3's to v5's additions; v5's {@code momentum} 0.25 is configuration {@code mom25}, the choice of every fold
     * but R's (which chose 0.20) and of all groups together; its {@code runMargin} 0.35 on the level feature is the
     * choice of all groups together over 0.15, 0.25 and 0.35 on top of it (BENCHMARKS.md, "vigil-likelihood v5"); v6's
     * {@code flagRepeatMargin} 1.0 over {@code flagRepeatValues} 24 (the level window: one event) is the choice of
     * every leave-one-group-out fold at the flag level over 0.25, 0.5 and 1.0 (BENCHMARKS.md, "vigil-likelihood v6");
     * v7's {@code meanPredictor} 1.1 after {@code meanSettle} 1,000 values is configuration {@code mp11s1k}, chosen over
     * margins 1.0 to 1.2 and settling after 10, 288 or 1,000 values by the A, K, C and S folds and by all groups
     * together (BENCHMARKS.md, "vigil-likelihood v7"); v8's {@code fullWindows} and {@code gapSpan} 2 fix two defects
     * after gaps, found on label-free gapped series, at no cost on the development groups (BENCHMARKS.md,
     * "vigil-likelihood v8" and "A label-free pathology battery"); v9's {@code peakPrior} 50 keeps a window-mean
     * feature's tail that has seen no peak from calling the next small excess impossible (surprisal 12), found on the
     * same battery, within noise on the development groups (BENCHMARKS.md, "A prior on the tails' peak share"); v10's
     * isolation member ({@code isolation} 256, {@code isolationPaths} 64, {@code isolationOffset} 0.5) gains on both
     * held-out halves of the pooled judge's files; their own choice was offset 0.25 and the groups' choice was the
     * member off, and 0.5 lies between (BENCHMARKS.md, "vigil-likelihood v10"); v11 keeps the member to steps of 30
     * minutes or less ({@code isolationMaxStep} 1800), after the smart-meter demo's hourly meters showed what it flags
     * there (a cold evening's new extreme of the last 11 days) and every held-out group fold but S's chose it
     * (BENCHMARKS.md, "vigil-likelihood v11"); v12's {@code isolationMargin} 7 stops it judging new extremes a
     * drifting series reaches in a few ordinary steps, the choice of both held-out halves of the pooled judge's files
     * over 5 and 10, and with those gone the member counts a quarter decade down ({@code isolationOffset} 0.25), the
     * choice of all groups together and of one held-out half over 0 and 0.5 (BENCHMARKS.md, "vigil-likelihood v12");
     * v13's {@code weeklyRecurrence} 3 withholds a flag at an hour of the week flagged in three of the four weeks
     * before, found on a label-free battery (a sharp weekly step was flagged every week); the raw score is unchanged,
     * and of the labelled flags only 35 of the KPIs' 3,485 are withheld (6 of 1,228 segments; 2 of 4 weeks withheld
     * 151 and cost 44 segments and S 0.55), BENCHMARKS.md, "vigil-likelihood v13".
     */
    public static LikelihoodTuning defaults() {
        return new LikelihoodTuning(0.001, 2.0, 200, 4.0, 0, 0.0, false, true, -0.5, true, true, 10, 0.995, 3, true,
                true, true, 5, 0.25, 0, 0.25, false, 0.35, 1, 1.0, LikelihoodDetector.LEVEL_WINDOW, 1.1, 1000, true, 2,
                50, 256, 64, 0.25, 1800, 7, 3);
    }
}

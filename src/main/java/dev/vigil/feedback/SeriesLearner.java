package dev.vigil.feedback;

import dev.vigil.detection.LevelMove;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.scheduling.DetectionConfig;
import dev.vigil.scheduling.DetectorChoice;
import dev.vigil.storage.FeedbackStore;
import dev.vigil.storage.FeedbackStore.Dismissal;
import dev.vigil.storage.FeedbackStore.Marked;
import dev.vigil.storage.ScoringStore;
import dev.vigil.storage.ScoringStore.StoredState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What feedback teaches a series' detector: {@code notAnomaly} the pattern of the marked windows ({@link Patterns}),
 * {@code changePoint} a stored state moved to the level since the change.
 */
@ApplicationScoped
class SeriesLearner {

    private final FeedbackStore feedback;
    private final ScoringStore scoring;
    private final DetectorChoice choice;
    private final DetectionConfig detection;

    SeriesLearner(FeedbackStore feedback, ScoringStore scoring, DetectorChoice choice, DetectionConfig detection) {
        this.feedback = feedback;
        this.scoring = scoring;
        this.choice = choice;
        this.detection = detection;
    }

    /** The notAnomaly pattern of the series' windows in {@code [from, to)}, or null when none was judged. */
    Dismissal dismissal(long seriesId, Instant from, Instant to, Duration window) {
        List<Marked> marked = feedback.marked(seriesId, choice.kind().name(), from, to);
        Duration step = coarseStep(seriesId);
        return step == null ? Patterns.dismissal(seriesId, marked, window)
                : Patterns.coarseDismissal(seriesId, marked, window, to, step);
    }

    /**
     * The series' step when it is coarse (judged by the batch engine: README "Coarse series"), else null. The step
     * is the one the detection run stored with the streaming state, which keeps learning a coarse series.
     */
    Duration coarseStep(long seriesId) {
        StoredState s = scoring.states(List.of(seriesId), choice.kind().name()).get(seriesId);
        long step = s == null ? 0 : s.stepSeconds();
        return step > 0 && step >= detection.coarseStep().toSeconds() ? Duration.ofSeconds(step) : null;
    }

    /**
     * Shifts the series' stored detector state to the level since {@code since}; holds the shard's scoring lock,
     * so no run feeds the state meanwhile. Null when the state was rebuilt from the windows since the change instead
     * (a detector that cannot shift) or there is nothing to re-base.
     */
    Double rebase(long seriesId, Instant since, Duration window, int shards) {
        scoring.lockShard((int) Math.abs(seriesId % shards));
        StoredState stored = scoring.states(List.of(seriesId), choice.kind().name()).get(seriesId);
        List<Marked> after = feedback.marked(seriesId, choice.kind().name(), since,
                since.plus(FeedbackRequest.MAX_RANGE));
        if (stored == null || stored.version() != choice.kind().version() || after.isEmpty()) {
            return null;
        }
        StreamingDetector d = choice.kind().restore(stored.state());
        long[] epochs = after.stream().mapToLong(m -> m.start().getEpochSecond()).toArray();
        double[] values = after.stream().mapToDouble(Marked::value).toArray();
        // the move from the data on both sides (the same hour a week before), else from what the detector learned
        List<Marked> weekBefore = feedback.marked(seriesId, choice.kind().name(),
                since.minusSeconds(LevelMove.WEEK), since);
        double measured = LevelMove.weekOverWeek(
                weekBefore.stream().mapToLong(m -> m.start().getEpochSecond()).toArray(),
                weekBefore.stream().mapToDouble(Marked::value).toArray(), epochs, values);
        double delta = d.rebase(epochs, values, measured);
        if (Double.isNaN(delta)) {
            // this detector cannot shift: it relearns the windows since the change alone
            d = choice.kind().create(window.toSeconds());
            for (Marked m : after) {
                if (!m.start().isAfter(stored.lastWindow())) {
                    d.observe(m.start().getEpochSecond(), m.value());
                }
            }
        }
        scoring.saveStates(Map.of(seriesId, new StoredState(stored.detector(), stored.version(), stored.lastWindow(),
                d.snapshot(), stored.stepSeconds())));
        return Double.isNaN(delta) ? null : delta;
    }
}

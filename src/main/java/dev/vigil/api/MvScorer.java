package dev.vigil.api;

import dev.vigil.detection.multivariate.Contribution;
import dev.vigil.detection.multivariate.CorrelationChange;
import dev.vigil.detection.multivariate.MultivariateModel;
import dev.vigil.detection.multivariate.RowScore;
import dev.vigil.detection.multivariate.ScoringState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores the rows of an inference request with a trained model, in Azure's result shape. Rows are scored in time
 * order from up to {@code slidingWindow} timestamps before {@code from}, as the service used the sliding window of
 * history; a timestamp with fewer than {@code slidingWindow} timestamps up to it gets the error
 * {@code InsufficientHistoricalData} instead of a value. Plain Java, thread-safe.
 */
final class MvScorer {

    /** What inference returns. */
    record Scored(List<MvWire.VariableState> variableStates, List<MvWire.AnomalyState> results) {
    }

    /** The model and what was stored beside it. */
    record Scoring(MultivariateModel model, Duration step, int slidingWindow, MvRequests.Align align) {
    }

    private MvScorer() {
    }

    /**
     * @param maxTimestamps most timestamps in {@code [from, to]} (20,000 for batch, 2,880 for the last detection)
     */
    static Scored score(Scoring s, SourceData data, Instant from, Instant to, int top, int maxTimestamps) {
        List<String> variables = s.model().variables();
        List<String> missing = variables.stream().filter(v -> !data.variables().containsKey(v)).toList();
        if (!missing.isEmpty()) {
            throw new DataProblem("ColumnNotFound", "The data lacks variables the model was trained on: "
                    + String.join(", ", missing.subList(0, Math.min(10, missing.size()))) + ".");
        }
        Instant historyStart = from.minus(s.step().multipliedBy(s.slidingWindow()));
        MvGrid grid = MvGrid.over(data, historyStart, to, s.step());
        double[][] raw = grid.raw(variables, data);
        List<Integer> kept = new ArrayList<>();
        double[][] rows = MvGrid.aligned(raw, s.align().inner(), s.align().fill(), kept);
        if (rows.length < s.slidingWindow()) {
            throw new DataProblem("NotEnoughInput", "Inference needs at least slidingWindow (" + s.slidingWindow()
                    + ") timestamps up to endTime; the data gives " + rows.length + ".");
        }
        long inRange = kept.stream().filter(i -> !grid.time(i).isBefore(from)).count();
        if (inRange > maxTimestamps) {
            throw new DataProblem("DataExceedsLimit", "Between startTime and endTime the data holds " + inRange
                    + " timestamps; at most " + maxTimestamps + " are allowed per request.");
        }
        ScoringState state = s.model().newState();
        double threshold = s.model().report().threshold();
        List<MvWire.AnomalyState> results = new ArrayList<>();
        for (int r = 0; r < rows.length; r++) {
            RowScore score = s.model().score(rows[r], state);
            Instant t = grid.time(kept.get(r));
            if (t.isBefore(from)) {
                continue;
            }
            if (r + 1 < s.slidingWindow()) {
                results.add(new MvWire.AnomalyState(t.toString(), null, List.of(new MvWire.ErrorItem(
                        "InsufficientHistoricalData", "Fewer than slidingWindow (" + s.slidingWindow()
                        + ") timestamps precede this one in the data."))));
            } else {
                results.add(new MvWire.AnomalyState(t.toString(), value(score, threshold, top), null));
            }
        }
        return new Scored(grid.states(variables, raw), results);
    }

    /**
     * Azure's value: the engine's anomaly flag and severity; score {@code 2 s / (s + threshold)}, which maps the raw
     * score onto the service's 0..2 range and is 1 exactly at the model's threshold; for an anomaly, the top
     * contributors with contributions renormalised to sum to 1 and the variables whose correlation with each changed.
     */
    static MvWire.AnomalyValue value(RowScore score, double threshold, int top) {
        double raw = Math.max(0, score.score());
        double scaled = raw == 0 ? 0 : 2 * raw / (raw + threshold);
        List<MvWire.Interpretation> interpretation = new ArrayList<>();
        if (score.anomaly()) {
            List<Contribution> leading = score.interpretation().stream()
                    .filter(c -> c.contribution() > 0).limit(top).toList();
            double sum = leading.stream().mapToDouble(Contribution::contribution).sum();
            for (Contribution c : leading) {
                List<String> changed = c.correlationChanges().stream().map(CorrelationChange::variable).toList();
                List<Double> by = c.correlationChanges().stream().map(CorrelationChange::change).toList();
                interpretation.add(new MvWire.Interpretation(c.variable(), c.contribution() / sum,
                        new MvWire.CorrelationChanges(changed, by)));
            }
        }
        return new MvWire.AnomalyValue(score.anomaly(), score.severity(), scaled, interpretation);
    }
}

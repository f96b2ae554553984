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
 * order after up to {@code slidingWindow} aligned rows of history, as the service used the sliding window of
 * history; a row with fewer than {@code slidingWindow} aligned rows up to it gets the error
 * {@code InsufficientHistoricalData} instead of a value. History is counted in aligned rows, not grid steps: with
 * {@code Inner} alignment a variable observed every fifth step gives a fifth of the steps as rows, so the history
 * span grows (doubling, up to {@value #MAX_HISTORY_STEPS} steps) until it holds enough rows or all the data.
 * Plain Java, thread-safe.
 */
final class MvScorer {

    /** The most grid steps of history searched: the batch limit of timestamps, so history is never larger. */
    static final int MAX_HISTORY_STEPS = 20_000;

    /** What inference returns. */
    record Scored(List<MvWire.VariableState> variableStates, List<MvWire.AnomalyState> results) {
    }

    /** The model and what was stored beside it. */
    record Scoring(MultivariateModel model, Duration step, int slidingWindow, MvRequests.Align align) {
    }

    /**
     * The rows to report: batch detection those at or after {@code from} up to {@code to} ({@code newest} 0); last
     * detection the {@code newest} aligned rows up to {@code to}, whatever their times. The newest timestamp of a
     * last detection may lie off the model's grid: its row is the grid cell {@code [t, t + step)} that holds it.
     */
    record Span(Instant from, Instant to, int newest) {

        static Span between(Instant from, Instant to) {
            return new Span(from, to, 0);
        }

        static Span newest(Instant to, int rows, Duration step) {
            return new Span(to.minus(step.multipliedBy(rows - 1L)), to, rows);
        }
    }

    /** The data aligned on the model's grid from a history start: raw matrix, kept rows and the aligned matrix. */
    private record Aligned(MvGrid grid, double[][] raw, List<Integer> kept, double[][] rows) {

        static Aligned of(Scoring s, SourceData data, Instant historyStart, Instant to) {
            MvGrid grid = MvGrid.over(data, historyStart, to, s.step());
            double[][] raw = grid.raw(s.model().variables(), data);
            List<Integer> kept = new ArrayList<>();
            double[][] rows = MvGrid.aligned(raw, s.align().inner(), s.align().fill(), kept);
            return new Aligned(grid, raw, kept, rows);
        }

        /** The index of the first row to report. */
        int first(Span span) {
            if (span.newest() > 0) {
                return Math.max(0, rows.length - span.newest());
            }
            int r = 0;
            while (r < rows.length && grid.time(kept.get(r)).isBefore(span.from())) {
                r++;
            }
            return r;
        }
    }

    private MvScorer() {
    }

    /**
     * @param maxTimestamps most timestamps reported (20,000 for batch, 2,880 for the last detection)
     */
    static Scored score(Scoring s, SourceData data, Span span, int top, int maxTimestamps) {
        List<String> variables = s.model().variables();
        List<String> missing = variables.stream().filter(v -> !data.variables().containsKey(v)).toList();
        if (!missing.isEmpty()) {
            throw new DataProblem("ColumnNotFound", "The data lacks variables the model was trained on: "
                    + String.join(", ", missing.subList(0, Math.min(10, missing.size()))) + ".");
        }
        Aligned a = history(s, data, span);
        double[][] rows = a.rows();
        if (rows.length < s.slidingWindow()) {
            throw new DataProblem("NotEnoughInput", "Inference needs at least slidingWindow (" + s.slidingWindow()
                    + ") aligned timestamps up to endTime; the data gives " + rows.length + ".");
        }
        int first = a.first(span);
        if (rows.length - first > maxTimestamps) {
            throw new DataProblem("DataExceedsLimit", "Between startTime and endTime the data holds "
                    + (rows.length - first) + " timestamps; at most " + maxTimestamps + " are allowed per request.");
        }
        ScoringState state = s.model().newState();
        double threshold = s.model().report().threshold();
        List<MvWire.AnomalyState> results = new ArrayList<>();
        for (int r = 0; r < rows.length; r++) {
            RowScore score = s.model().score(rows[r], state);
            if (r < first) {
                continue;
            }
            Instant t = a.grid().time(a.kept().get(r));
            if (r + 1 < s.slidingWindow()) {
                results.add(new MvWire.AnomalyState(t.toString(), null, List.of(new MvWire.ErrorItem(
                        "InsufficientHistoricalData", "Fewer than slidingWindow (" + s.slidingWindow()
                        + ") aligned timestamps precede this one in the data."))));
            } else {
                results.add(new MvWire.AnomalyState(t.toString(), value(score, threshold, top), null));
            }
        }
        return new Scored(a.grid().states(variables, a.raw()), results);
    }

    /** The data from far enough back that slidingWindow aligned rows precede the first row reported, if it has them. */
    private static Aligned history(Scoring s, SourceData data, Span span) {
        Instant earliest = data.first();
        for (long steps = s.slidingWindow(); ; steps *= 2) {
            Instant start = span.from().minus(s.step().multipliedBy(steps));
            Aligned a = Aligned.of(s, data, start, span.to());
            boolean enough = a.first(span) >= s.slidingWindow() - 1;
            if (enough || earliest == null || !start.isAfter(earliest) || steps * 2 > MAX_HISTORY_STEPS) {
                return a;
            }
        }
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

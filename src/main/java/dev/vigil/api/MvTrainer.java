package dev.vigil.api;

import dev.vigil.detection.multivariate.MultivariateEngine;
import dev.vigil.detection.multivariate.MultivariateModel;
import dev.vigil.detection.multivariate.MultivariateSettings;
import dev.vigil.detection.multivariate.PcaEngine;
import dev.vigil.detection.multivariate.RowScore;
import dev.vigil.detection.multivariate.ScoringState;
import dev.vigil.detection.multivariate.TrainingData;
import dev.vigil.detection.multivariate.TrainingOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains an Azure-API model on the shared multivariate engine: aligns the source's variables between startTime and
 * endTime on the data's own step under the request's align policy, then {@link MultivariateEngine#train}. Data
 * conditions become {@link DataProblem}s with the service's codes. Plain Java, thread-safe.
 */
final class MvTrainer {

    /** The service's limit of variables per model. */
    static final int MAX_VARIABLES = 300;

    /** A trained model with its grid step and the diagnostics the API reports. */
    record Trained(MultivariateModel model, Duration step, MvWire.DiagnosticsInfo diagnostics) {
    }

    /** The engine every Azure-API model is trained and restored with: the pipeline's, with its defaults. */
    static final MultivariateEngine ENGINE = new PcaEngine(MultivariateSettings.defaults());

    private final MultivariateEngine engine;

    MvTrainer(MultivariateEngine engine) {
        this.engine = engine;
    }

    /** @param spec a validated train request */
    Trained train(MvRequests.TrainSpec spec, SourceData data) {
        long started = System.nanoTime();
        List<String> variables = data.names();
        if (variables.size() > MAX_VARIABLES) {
            throw new DataProblem("DataExceedsLimit", "The data holds " + variables.size()
                    + " variables; at most " + MAX_VARIABLES + " are allowed.");
        }
        Duration step = MvGrid.stepOf(data, spec.startTime(), spec.endTime());
        MvGrid grid = MvGrid.over(data, spec.startTime(), spec.endTime(), step);
        double[][] raw = grid.raw(variables, data);
        List<MvWire.VariableState> states = grid.states(variables, raw);
        double[][] rows = MvGrid.aligned(raw, spec.align().inner(), spec.align().fill(), new ArrayList<>());
        if (rows.length < spec.slidingWindow()) {
            throw new DataProblem("NotEnoughInput", "Training needs at least slidingWindow (" + spec.slidingWindow()
                    + ") aligned timestamps; the data between startTime and endTime gives " + rows.length + ".");
        }
        TrainingOutcome outcome = engine.train(new TrainingData(variables, rows));
        if (outcome.model().isEmpty()) {
            throw new DataProblem("NotEnoughInput", "Training failed: " + outcome.reason().orElse("no reason") + ".");
        }
        MultivariateModel model = outcome.model().get();
        double loss = meanRelativeScore(model, rows);
        double seconds = (System.nanoTime() - started) / 1e9;
        MvWire.ModelState state = new MvWire.ModelState(List.of(1), List.of(loss), List.of(), List.of(seconds));
        return new Trained(model, step, new MvWire.DiagnosticsInfo(state, states));
    }

    /** The training rows' mean score over the threshold: about 0.2 to 0.5 for a model that fits its data. */
    private static double meanRelativeScore(MultivariateModel model, double[][] rows) {
        ScoringState state = model.newState();
        double threshold = model.report().threshold();
        double sum = 0;
        for (double[] row : rows) {
            RowScore s = model.score(row, state);
            sum += s.score() / threshold;
        }
        return rows.length == 0 ? 0 : sum / rows.length;
    }

    /** The variables the diagnostics name, for an early failure (no model). */
    static List<MvWire.VariableState> statesOf(SourceData data, Instant from, Instant to) {
        try {
            Duration step = MvGrid.stepOf(data, from, to);
            MvGrid grid = MvGrid.over(data, from, to, step);
            return grid.states(data.names(), grid.raw(data.names(), data));
        } catch (DataProblem e) {
            return List.of();
        }
    }
}

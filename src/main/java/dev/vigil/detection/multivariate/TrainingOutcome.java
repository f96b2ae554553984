package dev.vigil.detection.multivariate;

import java.util.Optional;

/**
 * The result of {@link MultivariateEngine#train}: a ready model, or the reason there is none.
 *
 * @param model  present when training succeeded
 * @param reason empty when training succeeded; otherwise a sentence for the model's status (for example
 *               "too little history: 40 rows, at least 100 needed")
 * @param report what training saw, also when it failed (rows, data quality per variable)
 */
public record TrainingOutcome(Optional<MultivariateModel> model, Optional<String> reason, TrainingReport report) {

    public TrainingOutcome {
        if (model == null || reason == null || report == null || model.isPresent() == reason.isPresent()) {
            throw new IllegalArgumentException("exactly one of model and reason must be present, and a report");
        }
    }

    static TrainingOutcome ready(MultivariateModel model) {
        return new TrainingOutcome(Optional.of(model), Optional.empty(), model.report());
    }

    static TrainingOutcome failed(String reason, TrainingReport report) {
        return new TrainingOutcome(Optional.empty(), Optional.of(reason), report);
    }

    public boolean ready() {
        return model.isPresent();
    }
}

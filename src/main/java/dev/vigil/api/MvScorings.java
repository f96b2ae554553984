package dev.vigil.api;

import dev.vigil.detection.multivariate.MultivariateModel;
import dev.vigil.storage.MvModelStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Loads a stored model for scoring: its state must be READY ({@code ModelNotExist} 404, {@code ModelNotReady} and
 * {@code ModelFailed} 400 otherwise, as the service answered), then the engine restores its snapshot.
 */
@ApplicationScoped
class MvScorings {

    private final MvModelStore models;
    private final MvJson json;

    MvScorings(MvModelStore models, MvJson json) {
        this.models = models;
        this.json = json;
    }

    MvScorer.Scoring load(UUID modelId) {
        MvModelStore.ModelRow row = models.find(modelId).orElseThrow(() -> MvErrors.modelNotExist(modelId));
        switch (row.status()) {
            case "READY" -> {
            }
            case "FAILED" -> throw AzureApiException.badRequest("ModelFailed", "Model " + modelId
                    + " failed to train; train a new model.");
            default -> throw AzureApiException.badRequest("ModelNotReady", "Model " + modelId
                    + " is not ready yet (" + row.status() + "); wait until its status is READY.");
        }
        MvModelStore.Snapshot snapshot = models.snapshot(modelId).orElseThrow(() -> MvErrors.modelNotExist(modelId));
        if (!MvTrainer.ENGINE.reads(snapshot.engine(), snapshot.engineVersion())) {
            throw AzureApiException.badRequest("ModelFailed", "Model " + modelId + " was trained by "
                    + snapshot.engine() + " v" + snapshot.engineVersion() + ", which this Vigil no longer scores with ("
                    + MvTrainer.ENGINE.name() + " v" + MvTrainer.ENGINE.version() + "); train it again.");
        }
        MultivariateModel model = MvTrainer.ENGINE.restore(snapshot.bytes());
        MvWire.TrainRequest request = json.read(row.requestJson(), MvWire.TrainRequest.class);
        return new MvScorer.Scoring(model, snapshot.step(), request.slidingWindow(), MvRequests.align(request.alignPolicy()));
    }
}

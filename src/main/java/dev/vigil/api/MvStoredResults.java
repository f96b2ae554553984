package dev.vigil.api;

import dev.vigil.storage.MvJobClaims;
import dev.vigil.storage.MvResultStore;
import dev.vigil.storage.MvResultStore.ResultRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The batch detections stored in {@code mv_result}, written and read in the service's shapes: the request as it was
 * echoed, the errors, the variable states and the results, each a JSON column.
 */
@ApplicationScoped
class MvStoredResults {

    private final MvResultStore results;
    private final MvJson json;

    MvStoredResults(MvResultStore results, MvJson json) {
        this.results = results;
        this.json = json;
    }

    /** Stores a detection as CREATED, with the request's echo as its setup. */
    void create(UUID id, UUID modelId, MvWire.BatchOptions echo) {
        results.create(id, modelId, json.write(echo));
    }

    /** The detection as the API shows it; 404 {@code ResultNotExist}. */
    MvWire.DetectionResult shown(UUID id) {
        ResultRow row = results.find(id).orElseThrow(() -> MvErrors.resultNotExist(id));
        MvWire.BatchOptions setup = json.read(row.requestJson(), MvWire.BatchOptions.class);
        return new MvWire.DetectionResult(id.toString(), new MvWire.Summary(row.status(),
                MvErrors.withUnreadable(json.errors(row.errorsJson()), row.unreadable()),
                json.states(row.variableStatesJson()), setup),
                json.results(row.resultsJson()));
    }

    MvJobClaims claims() {
        return results.claims();
    }

    Optional<ResultRow> find(UUID id) {
        return results.find(id);
    }

    /** The stored request of {@code row}, read again as the job runs it. */
    MvRequests.BatchSpec spec(ResultRow row) {
        return MvRequests.batch(json.tree(row.requestJson()));
    }

    void ready(UUID id, MvScorer.Scored scored) {
        results.ready(id, json.write(scored.variableStates()), json.write(scored.results()));
    }

    /** FAILED with {@code errors} and no variable states. */
    void failed(UUID id, List<MvWire.ErrorItem> errors) {
        results.failed(id, json.write(errors), "[]");
    }
}

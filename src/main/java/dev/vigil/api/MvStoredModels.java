package dev.vigil.api;

import dev.vigil.storage.MvModelStore;
import dev.vigil.storage.MvModelStore.ModelRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The models stored in {@code mv_model}, written and read in the service's shapes: the training request as it was
 * echoed, the errors and the diagnostics, each a JSON column.
 */
@ApplicationScoped
class MvStoredModels {

    private final MvModelStore store;
    private final MvJson json;

    MvStoredModels(MvModelStore store, MvJson json) {
        this.store = store;
        this.json = json;
    }

    /**
     * Stores the request as a CREATED model unless the store holds {@code maxModels} already or trains
     * {@code maxRunning}: then the limit that refused it ({@code models} or {@code pending}), and nothing is stored.
     */
    Optional<String> create(UUID id, MvRequests.TrainSpec spec, int maxModels, int maxRunning) {
        return store.create(id, spec.displayName(), json.write(spec.echo()), maxModels, maxRunning);
    }

    Optional<ModelRow> find(UUID id) {
        return store.find(id);
    }

    List<ModelRow> list(int skip, int top) {
        return store.list(skip, top);
    }

    int count() {
        return store.count();
    }

    boolean delete(UUID id) {
        return store.delete(id);
    }

    MvWire.Model model(ModelRow row) {
        MvWire.TrainRequest r = json.read(row.requestJson(), MvWire.TrainRequest.class);
        MvWire.DiagnosticsInfo diagnostics = row.diagnosticsJson() == null
                ? new MvWire.DiagnosticsInfo(null, List.of())
                : json.read(row.diagnosticsJson(), MvWire.DiagnosticsInfo.class);
        MvWire.ModelInfo info = new MvWire.ModelInfo(r.dataSource(), r.dataSchema(), r.startTime(), r.endTime(),
                r.displayName(), r.slidingWindow(), r.alignPolicy(), row.status(),
                MvErrors.withUnreadable(json.errors(row.errorsJson()), row.unreadable()),
                diagnostics);
        return new MvWire.Model(row.id().toString(), row.createdAt().toString(), row.updatedAt().toString(), info);
    }
}

package dev.vigil.api;

import dev.vigil.storage.MvModelStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The model use cases of the multivariate API: train (queued), show, list, delete. */
@ApplicationScoped
class MvModels {

    /** The service's page size limit of the model list. */
    static final int MAX_PAGE = 10;

    /** One page of the list and the total count. */
    record Page(List<MvModelStore.ModelRow> rows, int total) {
    }

    private final MvModelStore store;
    private final MvJobs jobs;
    private final MultivariateConfig config;
    private final MvSources sources;
    private final MvJson json;

    MvModels(MvModelStore store, MvJobs jobs, MultivariateConfig config, MvSources sources, MvJson json) {
        this.store = store;
        this.jobs = jobs;
        this.config = config;
        this.sources = sources;
        this.json = json;
    }

    /** Validates and stores the request as CREATED, then queues its training; nothing is stored on a 400. */
    MvWire.Model train(MvRequests.TrainSpec spec) {
        sources.get().check(spec.dataSource());
        UUID id = UUID.randomUUID();
        store.create(id, spec.displayName(), json.write(spec.echo()), config.maxModels(), config.maxRunningModels())
                .ifPresent(limit -> {
                    throw limit.equals("models") ? tooManyModels()
                            : AzureApiException.badRequest("TooManyRunningModels", "The most models allowed ("
                            + config.maxRunningModels() + ", vigil.api.multivariate.max-running-models) are being"
                            + " trained; wait until one is READY or FAILED.");
                });
        MvWire.Model created = get(id); // read before the job is queued: the answer is the CREATED model
        jobs.train(id);
        return created;
    }

    /** 400 {@code TooManyModels}: the store holds {@code max-models} already (training and import alike). */
    AzureApiException tooManyModels() {
        return AzureApiException.badRequest("TooManyModels", "This Vigil holds the most models allowed ("
                + config.maxModels() + ", vigil.api.multivariate.max-models); delete unused models first.");
    }

    MvWire.Model get(UUID id) {
        return model(store.find(id).orElseThrow(() -> MvErrors.modelNotExist(id)));
    }

    Page list(int skip, int top) {
        return new Page(store.list(skip, top), store.count());
    }

    void delete(UUID id) {
        if (!store.delete(id)) {
            throw MvErrors.modelNotExist(id);
        }
    }

    int maxModels() {
        return config.maxModels();
    }

    /** A list item, the same in every version. */
    MvWire.ModelListItem listItem(MvModelStore.ModelRow row) {
        return MvWire.ModelListItem.of(model(row), row.variables());
    }

    MvWire.Model model(MvModelStore.ModelRow row) {
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

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

    private final MvStoredModels store;
    private final MvJobs jobs;
    private final MultivariateConfig config;
    private final MvSources sources;

    MvModels(MvStoredModels store, MvJobs jobs, MultivariateConfig config, MvSources sources) {
        this.store = store;
        this.jobs = jobs;
        this.config = config;
        this.sources = sources;
    }

    /** Validates and stores the request as CREATED, then queues its training; nothing is stored on a 400. */
    MvWire.Model train(MvRequests.TrainSpec spec) {
        sources.get().check(spec.dataSource());
        UUID id = UUID.randomUUID();
        store.create(id, spec, config.maxModels(), config.maxRunningModels())
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
        return store.model(store.find(id).orElseThrow(() -> MvErrors.modelNotExist(id)));
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
        return MvWire.ModelListItem.of(store.model(row), row.variables());
    }
}

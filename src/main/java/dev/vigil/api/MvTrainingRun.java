package dev.vigil.api;

import dev.vigil.storage.FaultKind;
import dev.vigil.storage.MvModelStore;
import dev.vigil.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Trains one model in the background: claims it, reads its data source, trains on the shared engine, stores the
 * snapshot and READY, or FAILED with the service's error code. A database fault leaves the claim to expire, so the
 * job is tried again; a job interrupted {@code max-attempts} times fails with that reason.
 */
@ApplicationScoped
class MvTrainingRun {

    private static final Logger LOG = Logger.getLogger(MvTrainingRun.class);

    private final MvModelStore store;
    private final MultivariateConfig config;
    private final MvSources sources;
    private final MvJson json;

    MvTrainingRun(MvModelStore store, MultivariateConfig config, MvSources sources, MvJson json) {
        this.store = store;
        this.config = config;
        this.sources = sources;
        this.json = json;
    }

    void run(UUID id, String owner) {
        switch (store.claims().claim(id, owner, config.lease(), config.maxAttempts())) {
            case TAKEN -> {
                return;
            }
            case EXHAUSTED -> {
                store.failed(id, json.write(List.of(MvJobs.interrupted(config.maxAttempts(), "training"))), null);
                return;
            }
            case CLAIMED -> train(id, owner);
        }
    }

    private void train(UUID id, String owner) {
        MvModelStore.ModelRow row = store.find(id).orElse(null);
        if (row == null) {
            return; // deleted meanwhile
        }
        if (row.unreadable() != null) {
            LOG.warnf("multivariate model %s: left to a replica that can open its data source: %s", id,
                    row.unreadable());
            store.claims().release(id, owner);
            return;
        }
        MvRequests.TrainSpec spec = MvRequests.train(json.tree(row.requestJson()));
        SourceData data = null;
        try {
            data = sources.get().read(sources.get().check(spec.dataSource()));
            MvTrainer.Trained t = new MvTrainer(MvTrainer.ENGINE).train(spec, data);
            store.ready(id, json.write(t.diagnostics()), t.model().variables().size(), new MvModelStore.Snapshot(
                    MvTrainer.ENGINE.name(), MvTrainer.ENGINE.version(), t.model().snapshot(), t.step()));
        } catch (DataProblem p) {
            fail(id, p.code(), p.getMessage(), data, spec);
        } catch (AzureApiException e) {
            fail(id, e.code(), e.getMessage(), data, spec); // the source is no longer allowed or present
        } catch (StorageException e) {
            if (FaultKind.of(e) == FaultKind.POISON) {
                // what the job would store is refused however often it runs: retrying only used up the attempts
                LOG.errorf(e, "multivariate model %s: the database refused the trained model", id);
                store.failed(id, json.write(List.of(MvJobs.refused(e, "model"))), null);
                return;
            }
            LOG.warnf("multivariate model %s: storage fault, the job will be retried: %s", id, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "multivariate model %s: training failed unexpectedly", id);
            fail(id, "UnexpectedError", "Training failed unexpectedly; the server log has the details.", data, spec);
        }
    }

    private void fail(UUID id, String code, String message, SourceData data, MvRequests.TrainSpec spec) {
        MvWire.DiagnosticsInfo diagnostics = data == null ? null : new MvWire.DiagnosticsInfo(null,
                MvTrainer.statesOf(data, spec.startTime(), spec.endTime()));
        store.failed(id, json.write(List.of(new MvWire.ErrorItem(code, message))),
                diagnostics == null ? null : json.write(diagnostics));
    }
}

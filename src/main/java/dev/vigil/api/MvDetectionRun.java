package dev.vigil.api;

import dev.vigil.storage.FaultKind;
import dev.vigil.storage.MvResultStore;
import dev.vigil.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs one batch detection in the background: claims it, reads its data source, scores it with the stored model
 * and stores READY with the results, or FAILED with the service's error code (data validation is deferred to here,
 * as the service did). Faults are handled as in {@link MvTrainingRun}.
 */
@ApplicationScoped
class MvDetectionRun {

    /** The service's limit of timestamps per batch detection. */
    static final int MAX_TIMESTAMPS = 20_000;
    private static final Logger LOG = Logger.getLogger(MvDetectionRun.class);

    private final MvStoredResults results;
    private final MvScorings scorings;
    private final MultivariateConfig config;
    private final MvSources sources;

    MvDetectionRun(MvStoredResults results, MvScorings scorings, MultivariateConfig config, MvSources sources) {
        this.results = results;
        this.scorings = scorings;
        this.config = config;
        this.sources = sources;
    }

    void run(UUID id, String owner) {
        switch (results.claims().claim(id, owner, config.lease(), config.maxAttempts())) {
            case TAKEN -> {
                return;
            }
            case EXHAUSTED -> {
                results.failed(id, List.of(MvJobs.interrupted(config.maxAttempts(), "detection")));
                return;
            }
            case CLAIMED -> detect(id, owner);
        }
    }

    private void detect(UUID id, String owner) {
        MvResultStore.ResultRow row = results.find(id).orElse(null);
        if (row == null) {
            return;
        }
        if (row.unreadable() != null) {
            LOG.warnf("multivariate detection %s: left to a replica that can open its data source: %s", id,
                    row.unreadable());
            results.claims().release(id, owner);
            return;
        }
        MvRequests.BatchSpec spec = results.spec(row);
        try {
            MvScorer.Scoring scoring = scorings.load(row.modelId());
            SourceData data = sources.get().read(sources.get().check(spec.dataSource()));
            MvScorer.Span span = MvScorer.Span.between(spec.startTime(), spec.endTime());
            MvScorer.Scored scored = MvScorer.score(scoring, data, span, spec.topContributorCount(), MAX_TIMESTAMPS);
            results.ready(id, scored);
        } catch (DataProblem p) {
            fail(id, p.code(), p.getMessage());
        } catch (AzureApiException e) {
            fail(id, e.code(), e.getMessage());
        } catch (StorageException e) {
            if (FaultKind.of(e) == FaultKind.POISON) {
                // as for training: a refused write would be refused on every attempt
                LOG.errorf(e, "multivariate detection %s: the database refused the results", id);
                results.failed(id, List.of(MvJobs.refused(e, "results")));
                return;
            }
            LOG.warnf("multivariate detection %s: storage fault, the job will be retried: %s", id, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "multivariate detection %s failed unexpectedly", id);
            fail(id, "UnexpectedError", "Detection failed unexpectedly; the server log has the details.");
        }
    }

    private void fail(UUID id, String code, String message) {
        results.failed(id, List.of(new MvWire.ErrorItem(code, message)));
    }
}

package dev.vigil.api;

import dev.vigil.storage.MvModelStore;
import dev.vigil.storage.MvResultStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The two job tables of the multivariate API as {@link MvJobs}' heartbeat sees them: trainings in {@code mv_model},
 * batch detections in {@code mv_result}. A job's lease is what tells other replicas that it is still being worked on.
 */
@ApplicationScoped
class MvJobTables {

    private final MvModelStore models;
    private final MvResultStore results;
    private final MultivariateConfig config;

    MvJobTables(MvModelStore models, MvResultStore results, MultivariateConfig config) {
        this.models = models;
        this.results = results;
        this.config = config;
    }

    /** Extends by {@code lease} the leases of the jobs this replica ({@code owner}) is running. */
    void renew(Set<UUID> trainings, Set<UUID> detections, String owner) {
        models.claims().renew(trainings, owner, config.lease());
        results.claims().renew(detections, owner, config.lease());
    }

    /** Trainings that wait for a worker: never claimed, or interrupted (lease run out). */
    List<UUID> waitingTrainings(int limit) {
        return models.claims().waiting(limit);
    }

    /** Batch detections that wait for a worker, as {@link #waitingTrainings}. */
    List<UUID> waitingDetections(int limit) {
        return results.claims().waiting(limit);
    }

    /** Forgets the results older than {@code result-retention}. */
    void expireResults() {
        results.expire(config.resultRetention());
    }
}

package dev.vigil.scheduling;

import dev.vigil.ingestion.IngestionConfig;
import dev.vigil.storage.ChangePointStore;
import dev.vigil.storage.ClaimStore;
import dev.vigil.storage.DeliveryStore;
import dev.vigil.storage.EventLedger;
import dev.vigil.storage.GroupDecisionStore;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.ResolvedIncidents;
import dev.vigil.storage.SilenceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The tables {@link RetentionRun} prunes row by row (not by partition), one {@link Pruning} each: which store deletes
 * and which retention key bounds it are read here, in one place, instead of in a run with a collaborator per store.
 */
@ApplicationScoped
class PrunedTables {

    /** Change points are results of their own kind: they go when the results of their window would. */
    @Produces
    Pruning changePoints(ChangePointStore store, RetentionConfig config) {
        return new Pruning(config.results(), store::pruneBefore);
    }

    @Produces
    Pruning groupDecisions(GroupDecisionStore store, RetentionConfig config) {
        return new Pruning(config.decisions(), store::pruneBefore);
    }

    /** A resolved incident's series and group anomalies follow it by their foreign keys' cascade. */
    @Produces
    Pruning resolvedIncidents(ResolvedIncidents store, RetentionConfig config) {
        return new Pruning(config.incidents(), store::pruneResolved);
    }

    /** An ended silence is kept as long as a resolved incident. */
    @Produces
    Pruning endedSilences(SilenceStore store, RetentionConfig config) {
        return new Pruning(config.incidents(), store::pruneEnded);
    }

    @Produces
    Pruning rememberedEventIds(EventLedger store, IngestionConfig ingestion) {
        return new Pruning(ingestion.dedupHorizon(), store::forgetBefore);
    }

    @Produces
    Pruning publishedAlerts(OutboxStore store, RetentionConfig config) {
        return new Pruning(config.publishedAlerts(), store::prunePublished);
    }

    @Produces
    Pruning hookDeliveries(DeliveryStore store, RetentionConfig config) {
        return new Pruning(config.hookDeliveries(), store::prune);
    }

    @Produces
    Pruning finishedClaims(ClaimStore store, RetentionConfig config) {
        return new Pruning(config.finishedClaims(), store::pruneFinished);
    }
}

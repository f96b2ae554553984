package dev.vigil.scheduling;

import dev.vigil.ingestion.IngestionConfig;
import dev.vigil.storage.ChangePointStore;
import dev.vigil.storage.ClaimStore;
import dev.vigil.storage.DeliveryStore;
import dev.vigil.storage.EventLedger;
import dev.vigil.storage.GroupDecisionStore;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.PartitionStore;
import dev.vigil.storage.ResolvedIncidents;
import dev.vigil.storage.SilenceStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Keeps storage bounded: time partitions of windows, results, alert decisions and incident anomalies exist ahead of
 * the data and are dropped whole once past retention; published alerts, finished claims, remembered event ids and
 * resolved incidents are deleted in small batches. Running
 * on several replicas at once is harmless (partition changes take an advisory lock, deletes are idempotent).
 */
@ApplicationScoped
public class RetentionRun {

    private static final Logger LOG = Logger.getLogger(RetentionRun.class);

    /** What one pass did. */
    public record Report(int partitionsCreated, int partitionsDropped, long rowsDeleted) {
    }

    private final PartitionStore partitions;
    private final EventLedger ledger;
    private final OutboxStore outbox;
    private final ClaimStore claims;
    private final ResolvedIncidents incidents;
    private final RetentionConfig config;
    private final IngestionConfig ingestion;
    private final Clock clock;
    private final ChangePointStore changePoints;
    private final GroupDecisionStore groupDecisions;
    private final SilenceStore silences;
    private final DeliveryStore hookDeliveries;

    public RetentionRun(PartitionStore partitions, EventLedger ledger, OutboxStore outbox, ClaimStore claims,
                        ResolvedIncidents incidents, RetentionConfig config, IngestionConfig ingestion, Clock clock,
                        ChangePointStore changePoints, GroupDecisionStore groupDecisions, SilenceStore silences,
                        DeliveryStore hookDeliveries) {
        this.groupDecisions = groupDecisions;
        this.hookDeliveries = hookDeliveries;
        this.silences = silences;
        this.incidents = incidents;
        this.changePoints = changePoints;
        this.partitions = partitions;
        this.ledger = ledger;
        this.outbox = outbox;
        this.claims = claims;
        this.config = config;
        this.ingestion = ingestion;
        this.clock = clock;
    }

    /** Partitions for the coming days exist before the first reading arrives, even after a long stop. */
    void onStart(@Observes StartupEvent event) {
        Instant now = clock.instant();
        PartitionStore.TABLES.forEach(t -> partitions.createAhead(t, now, now.plus(config.ahead()),
                config.partitionSpan()));
    }

    public Report run(Instant now) {
        int created = 0;
        int dropped = 0;
        long deleted = 0;
        for (String table : PartitionStore.TABLES) {
            created += partitions.createAhead(table, now, now.plus(config.ahead()), config.partitionSpan()).size();
            Instant horizon = now.minus(switch (table) {
                case "anomaly_result" -> config.results();
                case "group_result" -> config.groupResults();
                case "alert_decision" -> config.decisions();
                case "incident_anomaly" -> config.incidents();
                default -> config.windows();
            });
            dropped += partitions.dropBefore(table, horizon).size();
            deleted += drain(() -> partitions.trimDefault(table, horizon, config.batch()));
        }
        // change points are results of their own kind: they go when the results of their window would
        deleted += drain(() -> changePoints.pruneBefore(now.minus(config.results()), config.batch()));
        deleted += drain(() -> groupDecisions.pruneBefore(now.minus(config.decisions()), config.batch()));
        // a resolved incident's series and group anomalies follow it by their foreign keys' cascade
        deleted += drain(() -> incidents.pruneResolved(now.minus(config.incidents()), config.batch()));
        // an ended silence is kept as long as a resolved incident
        deleted += drain(() -> silences.pruneEnded(now.minus(config.incidents()), config.batch()));
        deleted += drain(() -> ledger.forgetBefore(now.minus(ingestion.dedupHorizon()), config.batch()));
        deleted += drain(() -> outbox.prunePublished(now.minus(config.publishedAlerts()), config.batch()));
        deleted += drain(() -> hookDeliveries.prune(now.minus(config.hookDeliveries()), config.batch()));
        deleted += drain(() -> claims.pruneFinished(now.minus(config.finishedClaims()), config.batch()));
        if (created + dropped + deleted > 0) {
            LOG.infof("retention: %d partitions created, %d dropped, %d rows deleted", created, dropped, deleted);
        }
        return new Report(created, dropped, deleted);
    }

    /** Repeats a batched delete until a batch comes back short. */
    private long drain(IntSupplier batch) {
        long total = 0;
        int n;
        do {
            n = batch.getAsInt();
            total += n;
        } while (n >= config.batch());
        return total;
    }
}

package dev.vigil.scheduling;

import dev.vigil.storage.PartitionStore;
import io.quarkus.arc.All;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Keeps storage bounded: time partitions of windows, results, alert decisions and incident anomalies exist ahead of
 * the data and are dropped whole once past retention; the rows of the other tables ({@link PrunedTables}) are deleted
 * in small batches. Running on several replicas at once is harmless (partition changes take an advisory lock, deletes
 * are idempotent).
 */
@ApplicationScoped
public class RetentionRun {

    private static final Logger LOG = Logger.getLogger(RetentionRun.class);

    /** What one pass did. */
    public record Report(int partitionsCreated, int partitionsDropped, long rowsDeleted) {
    }

    private final PartitionStore partitions;
    private final List<Pruning> prunings;
    private final RetentionConfig config;
    private final Clock clock;

    public RetentionRun(PartitionStore partitions, @All List<Pruning> prunings, RetentionConfig config, Clock clock) {
        this.partitions = partitions;
        this.prunings = prunings;
        this.config = config;
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
        for (Pruning p : prunings) {
            Instant horizon = now.minus(p.kept());
            deleted += drain(() -> p.delete().before(horizon, config.batch()));
        }
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

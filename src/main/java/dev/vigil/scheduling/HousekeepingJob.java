package dev.vigil.scheduling;

import dev.vigil.ingestion.IngestionConfig;
import dev.vigil.storage.EventLedger;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * Forgets CloudEvent ids older than the de-duplication horizon, so the ledger stays bounded. Running on several
 * replicas at once is harmless: the delete is idempotent.
 */
@ApplicationScoped
public class HousekeepingJob {

    private final EventLedger ledger;
    private final IngestionConfig config;
    private final Clock clock;

    public HousekeepingJob(EventLedger ledger, IngestionConfig config, Clock clock) {
        this.ledger = ledger;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(identity = "vigil-housekeeping", every = "{vigil.housekeeping.every}",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        ledger.forgetBefore(clock.instant().minus(config.dedupHorizon()));
    }
}

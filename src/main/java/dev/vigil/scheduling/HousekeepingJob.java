package dev.vigil.scheduling;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** Keeps storage bounded on a schedule ({@code vigil.housekeeping.every}): see {@link RetentionRun}. */
@ApplicationScoped
public class HousekeepingJob {

    private final RetentionRun retention;
    private final Clock clock;

    public HousekeepingJob(RetentionRun retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    @Scheduled(identity = "vigil-housekeeping", every = "{vigil.housekeeping.every}",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        retention.run(clock.instant());
    }
}

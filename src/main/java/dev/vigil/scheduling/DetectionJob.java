package dev.vigil.scheduling;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** Fires the detection run on the configured schedule (every 15 minutes by default). */
@ApplicationScoped
public class DetectionJob {

    private final DetectionRun run;
    private final Clock clock;

    public DetectionJob(DetectionRun run, Clock clock) {
        this.run = run;
        this.clock = clock;
    }

    @Scheduled(identity = "vigil-detection", cron = "{vigil.detection.cron}", timeZone = "UTC",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        run.run(clock.instant());
    }
}

package dev.vigil.groups;

import dev.vigil.aggregation.Windows;
import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.storage.GroupRule;
import dev.vigil.storage.GroupStore;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Retrains every entity of every group on its schedule ({@code vigil.groups.training-cron}, daily by default). */
@ApplicationScoped
public class TrainingJob {

    private static final Logger LOG = Logger.getLogger(TrainingJob.class);

    private final GroupStore groups;
    private final GroupTrainer trainer;
    private final AggregationConfig windows;
    private final Clock clock;

    public TrainingJob(GroupStore groups, GroupTrainer trainer, AggregationConfig windows, Clock clock) {
        this.groups = groups;
        this.trainer = trainer;
        this.windows = windows;
        this.clock = clock;
    }

    @Scheduled(identity = "vigil-group-training", cron = "{vigil.groups.training-cron}", timeZone = "UTC",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        try {
            for (GroupRule rule : groups.rules()) {
                trainer.train(rule, Windows.closedUntil(clock.instant(), windows.window(), Duration.ZERO), false);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "scheduled group training stopped; models keep scoring and the next schedule retries");
        }
    }
}

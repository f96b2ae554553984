package dev.vigil.groups;

import dev.vigil.aggregation.Windows;
import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.scheduling.DetectionConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Group training on its own schedules, beside the detection run: every entity retrained daily
 * ({@code vigil.groups.training-cron}), and entities without a model trained every
 * {@code vigil.groups.new-entities-every}, so new meters and new rules start scoring within a run or two.
 */
@ApplicationScoped
public class TrainingJob {

    private static final Logger LOG = Logger.getLogger(TrainingJob.class);

    private final GroupTraining training;
    private final AggregationConfig windows;
    private final DetectionConfig detection;
    private final Clock clock;

    public TrainingJob(GroupTraining training, AggregationConfig windows, DetectionConfig detection, Clock clock) {
        this.training = training;
        this.windows = windows;
        this.detection = detection;
        this.clock = clock;
    }

    @Scheduled(identity = "vigil-group-training", cron = "{vigil.groups.training-cron}", timeZone = "UTC",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void retrain() {
        try {
            training.trainAll(cutoff());
        } catch (RuntimeException e) {
            LOG.warnf(e, "scheduled group training stopped; models keep scoring and the next schedule retries");
        }
    }

    @Scheduled(identity = "vigil-group-new-entities", every = "{vigil.groups.new-entities-every}",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void trainNew() {
        try {
            training.trainNew(cutoff());
        } catch (RuntimeException e) {
            LOG.warnf(e, "training of new group entities deferred to the next time");
        }
    }

    /** The end of the newest window past the late-data delay, as the detection run sees it. */
    private Instant cutoff() {
        return Windows.closedUntil(clock.instant(), windows.window(), detection.delay());
    }
}

package dev.vigil.groups;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
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
    private final TrainingCutoff cutoff;

    TrainingJob(GroupTraining training, TrainingCutoff cutoff) {
        this.training = training;
        this.cutoff = cutoff;
    }

    @Scheduled(identity = "vigil-group-training", cron = "{vigil.groups.training-cron}", timeZone = "UTC",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void retrain() {
        try {
            training.trainAll(cutoff.now());
        } catch (RuntimeException e) {
            LOG.warnf(e, "scheduled group training stopped; models keep scoring and the next schedule retries");
        }
    }

    @Scheduled(identity = "vigil-group-new-entities", every = "{vigil.groups.new-entities-every}",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void trainNew() {
        try {
            training.trainNew(cutoff.now());
        } catch (RuntimeException e) {
            LOG.warnf(e, "training of new group entities deferred to the next time");
        }
    }
}

package dev.vigil.groups;

import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.storage.GroupModelStore;
import dev.vigil.storage.GroupModelStore.ActiveModel;
import dev.vigil.storage.GroupRule;
import dev.vigil.storage.GroupStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The group part of a detection run, after the univariate scoring: trains entities that have no model yet (new
 * entities, new or changed rules), then lets every active model score its entity's closed windows. One entity's
 * failure is logged and left for the next run; nothing here can fail the univariate run.
 */
@ApplicationScoped
public class GroupRun {

    private static final Logger LOG = Logger.getLogger(GroupRun.class);

    /** What the group part of a run did on this replica. */
    public record Report(int modelsTrained, int windowsScored, int windowsRescored, int anomalies, int failures) {
    }

    private final GroupStore groups;
    private final GroupModelStore models;
    private final GroupTrainer trainer;
    private final GroupScorer scorer;
    private final GroupConfig config;
    private final AggregationConfig windows;

    public GroupRun(GroupStore groups, GroupModelStore models, GroupTrainer trainer, GroupScorer scorer,
                    GroupConfig config, AggregationConfig windows) {
        this.groups = groups;
        this.models = models;
        this.trainer = trainer;
        this.scorer = scorer;
        this.config = config;
        this.windows = windows;
    }

    /** Scores every entity up to {@code cutoff} (the end of the run's newest closed window). */
    public Report score(Instant cutoff) {
        Duration step = windows.window();
        int trained = 0;
        int scored = 0;
        int rescored = 0;
        int anomalies = 0;
        int failures = 0;
        try {
            models.expireUnfinished(config.trainingTimeout());
            for (GroupRule rule : groups.rules()) {
                trained += trainer.train(rule, cutoff, true).ready();
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "group training of new entities deferred to the next run");
            failures++;
        }
        for (ActiveModel m : models.active()) {
            if (!GroupEngine.trained(m.engine(), m.engineVersion())) {
                continue; // trained by another engine version: it scores again once retrained
            }
            try {
                GroupScorer.Scored s = scorer.score(m, cutoff, step);
                scored += s.windows();
                rescored += s.rescored();
                anomalies += s.anomalies();
            } catch (RuntimeException e) {
                LOG.warnf(e, "group %s: scoring %s failed; the next run tries again", m.group(), m.entityKey());
                failures++;
            }
        }
        if (trained + scored + rescored + failures > 0) {
            LOG.infof("group run %s: %d models trained, %d windows scored, %d re-scored, %d anomalies, %d failures",
                    cutoff, trained, scored, rescored, anomalies, failures);
        }
        return new Report(trained, scored, rescored, anomalies, failures);
    }
}

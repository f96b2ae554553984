package dev.vigil.groups;

import dev.vigil.storage.GroupModelStore;
import dev.vigil.storage.GroupModelStore.ActiveModel;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The group part of a detection run, after the univariate scoring: every active model scores its entity's closed
 * windows (training runs on its own schedules, {@link TrainingJob}). One entity's failure is logged and left for the
 * next run; nothing here can fail the univariate run.
 */
@ApplicationScoped
public class GroupRun {

    private static final Logger LOG = Logger.getLogger(GroupRun.class);

    /** What the group part of a run did on this replica. */
    public record Report(int windowsScored, int windowsRescored, int anomalies, int failures) {
    }

    private final GroupModelStore models;
    private final GroupScorer scorer;

    public GroupRun(GroupModelStore models, GroupScorer scorer) {
        this.models = models;
        this.scorer = scorer;
    }

    /** Scores every entity up to {@code cutoff} (the end of the run's newest closed window). */
    @WithSpan("vigil.groups.score")
    public Report score(Instant cutoff) {
        int scored = 0;
        int rescored = 0;
        int anomalies = 0;
        int failures = 0;
        List<ActiveModel> active;
        try {
            active = models.active();
        } catch (RuntimeException e) {
            LOG.warnf("group scoring deferred to the next run: %s", e.getMessage());
            return new Report(0, 0, 0, 1);
        }
        for (ActiveModel m : active) {
            if (!GroupEngine.trained(m.engine(), m.engineVersion())) {
                continue; // trained by another engine version: it scores again once retrained
            }
            try {
                GroupScorer.Scored s = scorer.score(m, cutoff);
                scored += s.windows();
                rescored += s.rescored();
                anomalies += s.anomalies();
            } catch (RuntimeException e) {
                LOG.warnf(e, "group %s: scoring %s failed; the next run tries again", m.group(), m.entityKey());
                failures++;
            }
        }
        if (scored + rescored + failures > 0) {
            LOG.infof("group run %s: %d windows scored, %d re-scored, %d anomalies, %d failures", cutoff, scored,
                    rescored, anomalies, failures);
        }
        return new Report(scored, rescored, anomalies, failures);
    }
}

package dev.vigil.scheduling;

import dev.vigil.alerting.IncidentRun;
import dev.vigil.alerting.SilenceRun;
import dev.vigil.groups.GroupRun;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * What a run does once its shards are scored: multivariate groups, then incidents (so that they gather this run's
 * series and group anomalies), then silence (series that stopped sending, judged once the run scored what did
 * arrive). Each catches its own failure, which the next run retries.
 */
@ApplicationScoped
class RunFollowUps {

    private static final Logger LOG = Logger.getLogger(RunFollowUps.class);

    private final GroupRun groups;
    private final IncidentRun incidents;
    private final SilenceRun silence;

    RunFollowUps(GroupRun groups, IncidentRun incidents, SilenceRun silence) {
        this.groups = groups;
        this.incidents = incidents;
        this.silence = silence;
    }

    /** {@code scoreGroups} false: the replica is stopping, and the groups wait for the next run. */
    void after(Instant cutoff, boolean scoreGroups) {
        if (scoreGroups) {
            groups.score(cutoff);
        }
        updateIncidents(cutoff);
        updateSilence(cutoff);
    }

    private void updateIncidents(Instant cutoff) {
        try {
            IncidentRun.Pass pass = incidents.update(cutoff);
            if (pass.opened() + pass.updated() + pass.resolved() > 0) {
                LOG.infof("incidents %s: %d opened, %d updated, %d resolved", cutoff, pass.opened(), pass.updated(),
                        pass.resolved());
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "incidents %s: not updated, the next run retries", cutoff);
        }
    }

    private void updateSilence(Instant cutoff) {
        try {
            SilenceRun.Pass pass = silence.pass(cutoff);
            if (pass.opened() + pass.ended() > 0) {
                LOG.infof("silence %s: %d series went silent (%d reported alone, %d scopes), %d came back", cutoff,
                        pass.opened(), pass.reported(), pass.scopes(), pass.ended());
            }
            if (pass.held() > 0) {
                LOG.infof("silence %s: %d series not judged yet, no replica was up from %s to %s and their data may "
                        + "still be on its way", cutoff, pass.held(), pass.away().from(), pass.away().to());
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "silence %s: not judged, the next run retries", cutoff);
        }
    }
}

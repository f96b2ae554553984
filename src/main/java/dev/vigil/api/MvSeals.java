package dev.vigil.api;

import dev.vigil.storage.MvModelStore;
import dev.vigil.storage.MvResultStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * At start, stores the {@code dataSource} of every multivariate model and detection as the configured keys want it
 * (README "Multivariate API"), as {@code HookSeals} does for hooks: sealed once keys are set, under the new first
 * key after a rotation. One sealed under a key no longer configured stops the start, naming the key id.
 */
@ApplicationScoped
class MvSeals {

    private static final Logger LOG = Logger.getLogger(MvSeals.class);

    private final MvModelStore models;
    private final MvResultStore results;

    MvSeals(MvModelStore models, MvResultStore results) {
        this.models = models;
        this.results = results;
    }

    void onStart(@Observes StartupEvent event) {
        int rewritten = models.reseal() + results.reseal();
        if (rewritten > 0) {
            LOG.infof("stored the data sources of %d multivariate models and detections as vigil.secrets.keys asks",
                    rewritten);
        }
    }
}

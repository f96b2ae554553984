package dev.vigil.hooks;

import dev.vigil.storage.HookStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * At start, stores every hook's credentials as the configured keys want them (README "Hooks"): sealed when keys were
 * just set, and under the new first key after a rotation. A hook sealed under a key no longer configured stops the
 * start, naming the key id, rather than failing each of its deliveries later.
 */
@ApplicationScoped
class HookSeals {

    private static final Logger LOG = Logger.getLogger(HookSeals.class);

    private final HookStore hooks;

    HookSeals(HookStore hooks) {
        this.hooks = hooks;
    }

    void onStart(@Observes StartupEvent event) {
        int rewritten = hooks.reseal();
        if (rewritten > 0) {
            LOG.infof("stored the credentials of %d hooks as vigil.secrets.keys asks", rewritten);
        }
    }
}

package dev.vigil.scheduling;

import dev.vigil.storage.QuarantineStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;

/** Series set aside because their state will not restore or their scoring throws, with the configured backoff. */
@ApplicationScoped
class Quarantines {

    private final QuarantineStore store;
    private final DetectionConfig config;

    Quarantines(QuarantineStore store, DetectionConfig config) {
        this.store = store;
        this.config = config;
    }

    /** Each series with why it failed; it is tried again after its backoff, which grows with every failure. */
    void record(Map<Long, String> failures) {
        store.record(failures, config.quarantineBackoff(), config.quarantineMaxBackoff());
    }

    /** Series that scored again after a quarantine. */
    void clear(Collection<Long> seriesIds) {
        store.clear(seriesIds);
    }
}

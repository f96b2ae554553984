package dev.vigil.alerting;

import dev.vigil.storage.SilenceStore;
import dev.vigil.storage.SilenceStore.Silence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An operator ends a series' open silence as dismissed (README "Silence": a meter taken out of service): its ended
 * event is sent if its start was, its scope's once the scope's last open episode ended, and the same stop is not
 * reported again. Under the silence lock, as a pass.
 */
@ApplicationScoped
public class SilenceDismissal {

    private final SilenceStore store;
    private final SilenceEnding ending;

    SilenceDismissal(SilenceStore store, SilenceEnding ending) {
        this.store = store;
        this.ending = ending;
    }

    /** Ends the series' open silence as dismissed; empty when none is open. */
    @Transactional
    public Optional<Silence> dismiss(long seriesId, Instant at) {
        store.lock();
        Optional<Silence> s = store.dismiss(seriesId, at);
        s.ifPresent(x -> ending.send(List.of(x), at));
        return s;
    }
}

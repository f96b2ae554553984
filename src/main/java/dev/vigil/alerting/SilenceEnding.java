package dev.vigil.alerting;

import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.storage.SilenceStore;
import dev.vigil.storage.SilenceStore.Silence;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sends the ended events of episodes that just ended (their series came back, or an operator dismissed them): one per
 * episode reported alone, one per scope once none of its episodes is open any more. Joins the caller's transaction,
 * which holds the silence lock, so a scope's ended event is sent once.
 */
@ApplicationScoped
class SilenceEnding {

    /** The ended events sent: of episodes reported alone, and of scopes whose last open episode ended. */
    record Sent(int episodes, int scopes) {
    }

    private final SilenceStore store;
    private final OutboxStore outbox;

    SilenceEnding(SilenceStore store, OutboxStore outbox) {
        this.store = store;
        this.outbox = outbox;
    }

    /** Adds the ended events of these episodes, ended at {@code at}, to the outbox. */
    Sent send(List<Silence> ended, Instant at) {
        List<OutboxRow> events = new ArrayList<>();
        ended.stream().filter(s -> SilenceRun.ALERTED.equals(s.outcome())).map(SilenceEvents::ended)
                .forEach(events::add);
        int alone = events.size();
        Set<Map.Entry<Map<String, String>, Instant>> scopesEnded = new HashSet<>();
        for (Silence s : ended) {
            if (SilenceRun.SCOPED.equals(s.outcome()) && s.scope() != null
                    && scopesEnded.add(Map.entry(new TreeMap<>(s.scope()), s.detectedAt()))
                    && !store.openIn(s.scope(), s.detectedAt())) {
                events.add(SilenceEvents.scope(SilenceEvents.SCOPE_ENDED, new SilenceEvents.Scoped(s.scope(),
                        s.detectedAt(), 0, 0, List.of(), at)));
            }
        }
        outbox.add(events);
        return new Sent(alone, events.size() - alone);
    }
}

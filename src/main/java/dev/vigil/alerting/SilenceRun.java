package dev.vigil.alerting;

import dev.vigil.storage.SilenceStore;
import dev.vigil.storage.SilenceStore.Silence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * After a detection run, reports series that stopped sending data and those that came back (README "Silence"),
 * in one transaction with their events under one lock across replicas, so each episode opens and ends once. Series
 * that fell silent together in one pass and share a dimension value (a feeder's meters in a power cut, the whole
 * fleet when a collector dies) are reported once for that scope, chosen as incidents choose theirs
 * ({@link SilenceScopes}).
 */
@ApplicationScoped
public class SilenceRun {

    /** An episode reported alone: its events were sent. */
    static final String ALERTED = "alerted";
    /** An episode past the pass's cap: stored and counted in the pass's summary, no events of its own. */
    static final String CAPPED = "capped";
    /** An episode reported with its scope's: the scope's events stand for it. */
    static final String SCOPED = "scoped";

    /**
     * What a pass did: episodes opened, of which reported alone, scopes reported, episodes ended, and series past
     * their threshold held because Vigil itself was away since ({@code away}, null when it was not).
     */
    public record Pass(int opened, int reported, int scopes, int ended, int held, Absence away) {
    }

    private final SilenceStore store;
    private final SilenceJudge judge;
    private final SilenceOpening opening;
    private final SilenceEnding ending;

    SilenceRun(SilenceStore store, SilenceJudge judge, SilenceOpening opening, SilenceEnding ending) {
        this.store = store;
        this.judge = judge;
        this.opening = opening;
        this.ending = ending;
    }

    @Transactional
    public Pass pass(Instant cutoff) {
        if (!judge.enabled()) {
            return new Pass(0, 0, 0, 0, 0, null);
        }
        store.lock();
        SilenceJudge.Judged judged = judge.judge(cutoff);
        SilenceOpening.Opened opened = opening.open(judged.silent(), cutoff);
        List<Silence> ended = store.end(store.resumed(), cutoff);
        ending.send(ended, cutoff);
        return new Pass(judged.silent().size(), opened.reported(), opened.scopes(), ended.size(), judged.held(),
                judged.away());
    }
}

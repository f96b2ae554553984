package dev.vigil.alerting;

import dev.vigil.storage.SilenceStore;
import dev.vigil.storage.SilenceStore.Silence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An operator ends open silences as dismissed (README "Silence"): one series' (a meter taken out of service), or all
 * of a scope's (a feeder taken out of service, the fleet after a known outage). Each ends as a single dismissal ends
 * it: its ended event is sent if its start was, its scope's once the scope's last open episode ended, and the same
 * stop is not reported again. Under the silence lock, so a pass never judges a half-dismissed scope.
 */
@ApplicationScoped
public class SilenceDismissal {

    /**
     * The most episodes one scope dismissal ends, in one transaction. A fleet of 100,000 at once holds the silence
     * lock (and so the next silence pass) and its rows for the whole fleet, and builds an ended event per episode
     * reported alone in one outbox insert; calls of 10,000 took 0.4 to 2.1 s each on a loaded 2-core machine
     * (BENCHMARKS.md), and {@code remaining} tells the caller to call again.
     */
    public static final int MAX_PER_CALL = 10_000;

    /** Which open episodes a scope dismissal ends: those of series in {@code scope} (and of {@code metric}). */
    public record Selection(Map<String, String> scope, String metric, int limit) {
    }

    /**
     * What a scope dismissal did: the episodes it ended ({@code dismissed}), the ended events sent for those
     * reported alone ({@code endedEvents}), the scopes whose last open episode it ended ({@code scopesEnded}, each
     * sending its ended event), and the episodes of the selection still open past the limit ({@code remaining}).
     */
    public record Dismissed(Map<String, String> scope, String metric, int dismissed, int endedEvents, int scopesEnded,
                            long remaining) {
    }

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

    /** Ends up to {@code selection.limit()} open episodes of the selection as dismissed; none open is 0, no error. */
    @Transactional
    public Dismissed dismiss(Selection selection, Instant at) {
        store.lock();
        List<Silence> ended = store.dismissIn(selection.scope(), selection.metric(),
                Math.min(selection.limit(), MAX_PER_CALL), at);
        SilenceEnding.Sent sent = ending.send(ended, at);
        long remaining = ended.size() < selection.limit() ? 0 : store.openCount(selection.scope(), selection.metric());
        return new Dismissed(selection.scope(), selection.metric(), ended.size(), sent.episodes(), sent.scopes(),
                remaining);
    }
}

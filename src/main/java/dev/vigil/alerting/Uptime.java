package dev.vigil.alerting;

import dev.vigil.storage.StorageException;
import dev.vigil.storage.UptimeStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * This process's part in the record of when Vigil was up, and the last spell in which no replica was (README
 * "Silence"): after it, a series that has not sent again may be in a backlog still on its way, not silent.
 */
@ApplicationScoped
public class Uptime {

    private static final Logger LOG = Logger.getLogger(Uptime.class);

    /**
     * Spans are kept for four horizons: a gap matters until every series heard from before it is past the horizon,
     * and a Vigil down for longer than the horizon still finds the span before its gap.
     */
    private static final int KEPT_HORIZONS = 4;

    private final String process = UUID.randomUUID().toString();
    private final UptimeStore store;
    private final SilenceConfig config;
    private final Clock clock;

    public Uptime(UptimeStore store, SilenceConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            store.started(process, clock.instant());
        } catch (StorageException e) {
            // the first pass records this process instead, as started then: the gap before it only looks longer
            LOG.warnf("start of this process not recorded: %s", e.getMessage());
        }
    }

    /**
     * Records this process as up now, and forgets processes not seen for four horizons before the instant judged
     * ({@code cutoff}, or now if it lies ahead): a backfill judging the past keeps the spans of its time.
     */
    public void up(Instant cutoff) {
        Instant now = clock.instant();
        store.seen(process, now);
        store.prune((cutoff.isBefore(now) ? cutoff : now).minus(config.horizon().multipliedBy(KEPT_HORIZONS)));
    }

    /**
     * The last absence that began before {@code before} and lasted longer than {@code vigil.silence.after} (a
     * restart shorter than that leaves too little on its way to matter); a backfill judging the past reads the spans
     * of its time.
     */
    public Optional<Absence> lastAbsence(Instant before) {
        return Absence.last(store.spans(before.minus(config.horizon().multipliedBy(KEPT_HORIZONS))), before,
                config.after());
    }

    /**
     * The last absence that ended within the horizon before {@code at}, for an operator wondering why silent series
     * were held; empty when none did.
     */
    public Optional<Absence> recentAbsence(Instant at) {
        return lastAbsence(at).filter(a -> a.to().isAfter(at.minus(config.horizon())));
    }
}

package dev.vigil.scheduling;

import dev.vigil.alerting.AlertGate;
import dev.vigil.alerting.AlertGate.Flagged;
import dev.vigil.storage.ChangePointStore;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.ScoringStore;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.ResultRow;
import dev.vigil.storage.ScoringStore.StoredState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Stores what a chunk decided, in the caller's transaction: results, change points, marks, states, then alerts. */
@ApplicationScoped
class ChunkCommit {

    private final ScoringStore store;
    private final ChangePointStore changePoints;
    private final AlertGate alerts;
    private final OutboxStore outbox;

    ChunkCommit(ScoringStore store, ChangePointStore changePoints, AlertGate alerts, OutboxStore outbox) {
        this.store = store;
        this.changePoints = changePoints;
        this.alerts = alerts;
        this.outbox = outbox;
    }

    void store(List<ResultRow> results, List<PendingWindow> scored, Map<Long, StoredState> states,
               List<Flagged> flagged, Duration size) {
        store.saveResults(results);
        changePoints.record(results, scored);
        store.markScored(scored);
        store.saveStates(states);
        // the rules decide after the results are stored: consecutive windows are read from them
        outbox.add(alerts.decide(flagged, size));
    }
}

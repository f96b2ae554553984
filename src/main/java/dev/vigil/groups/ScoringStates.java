package dev.vigil.groups;

import dev.vigil.aggregation.Windows;
import dev.vigil.detection.multivariate.MultivariateModel;
import dev.vigil.detection.multivariate.ScoringState;
import dev.vigil.storage.GroupModelStore;
import dev.vigil.storage.GroupModelStore.ActiveModel;
import dev.vigil.storage.GroupModelStore.StoredState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An entity's scoring state across runs: locked for {@link GroupScorer}'s transaction, resumed where the last run
 * stopped (with the cells this run scores and the late ones it may judge again), and saved with the results.
 */
@ApplicationScoped
class ScoringStates {

    /**
     * Where a run resumes.
     *
     * @param next     the first cell not scored yet
     * @param end      the end of the cells this run scores (exclusive): closed by the cutoff, at most
     *                 {@code vigil.groups.max-windows-per-run} past {@code next}
     * @param lateFrom the first cell a late reading may have changed since it was judged
     * @param loadFrom where the rows read start: the state's reach before {@code lateFrom}
     * @param rows     the rows from {@code loadFrom} to {@code end}
     */
    record Resumed(MultivariateModel model, ScoringState state, Instant next, Instant end, Instant lateFrom,
                   Instant loadFrom, int rows) {
    }

    private final GroupModelStore models;
    private final GroupConfig config;

    ScoringStates(GroupModelStore models, GroupConfig config) {
        this.models = models;
        this.config = config;
    }

    /** False when another replica holds the entity: it scores it. */
    boolean tryLock(ActiveModel m) {
        return models.tryLockEntity(m.entityId());
    }

    Resumed resume(ActiveModel m, Instant cutoff) {
        Duration step = m.step();
        MultivariateModel model = GroupEngine.ENGINE.restore(models.snapshot(m.id()));
        Optional<StoredState> stored = models.state(m.group(), m.entityId());
        ScoringState state;
        Instant next;
        if (stored.isPresent() && stored.get().modelId() == m.id()) {
            state = ScoringState.restore(stored.get().state());
            next = stored.get().lastWindow().plus(step);
        } else {
            // a new model starts from its training tail, where the previous one (if any) stopped: after the cell
            // of its step that holds the last row scored (the previous model's step may have been another)
            state = model.newState();
            next = stored.map(s -> Windows.startOf(s.lastWindow(), step).plus(step)).orElse(m.trainTo());
        }
        Instant end = min(Windows.startOf(cutoff, step), next.plus(step.multipliedBy(config.maxWindowsPerRun())));
        Instant lateFrom = stored.isEmpty() ? next
                : max(m.trainTo(), Windows.startOf(next.minus(config.lateHorizon()), step));
        Instant loadFrom = lateFrom.minus(step.multipliedBy(GroupEngine.SETTINGS.correlationWindow()));
        int rows = (int) (Duration.between(loadFrom, end).toSeconds() / step.toSeconds());
        return new Resumed(model, state, next, end, lateFrom, loadFrom, rows);
    }

    /** The state after the newest cell scored, {@code last}. */
    void save(ActiveModel m, Instant last, ScoringState state) {
        models.saveState(m.group(), m.entityId(), new StoredState(m.id(), last, state.snapshot()));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}

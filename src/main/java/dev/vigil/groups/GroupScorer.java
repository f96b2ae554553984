package dev.vigil.groups;

import dev.vigil.alerting.GroupAlerts;
import dev.vigil.alerting.GroupAlerts.GroupAnomaly;
import dev.vigil.detection.multivariate.Contribution;
import dev.vigil.detection.multivariate.MultivariateModel;
import dev.vigil.detection.multivariate.RowScore;
import dev.vigil.detection.multivariate.ScoringState;
import dev.vigil.groups.ScoringStates.Resumed;
import dev.vigil.storage.GroupModelStore.ActiveModel;
import dev.vigil.storage.GroupModelStore.ModelVariable;
import dev.vigil.storage.GroupResultStore;
import dev.vigil.storage.GroupResultStore.GroupResult;
import dev.vigil.storage.GroupResultStore.VariableContribution;
import dev.vigil.storage.GroupStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scores one entity's closed windows with its active model, in one transaction: results, the scoring state (and how
 * far it got) and alerts commit together, so a crash leaves the windows unscored and a rerun writes nothing twice.
 * The entity is locked for the transaction; a replica that finds it locked leaves it to the holder. Windows of the
 * last {@code vigil.groups.late-horizon} whose readings changed since they were judged (a late reading) are judged
 * again from a state rebuilt of the rows before them.
 */
@ApplicationScoped
public class GroupScorer {

    /** What scoring one entity did; {@code busy}: another replica held it. */
    public record Scored(int windows, int rescored, int anomalies, boolean busy) {
        static final Scored BUSY = new Scored(0, 0, 0, true);
    }

    private final GroupStore groups;
    private final ScoringStates states;
    private final GroupResultStore results;
    private final GroupAlerts alerts;

    GroupScorer(GroupStore groups, ScoringStates states, GroupResultStore results, GroupAlerts alerts) {
        this.groups = groups;
        this.states = states;
        this.results = results;
        this.alerts = alerts;
    }

    /** Scores the model's cells (of its step) that closed by {@code cutoff} and were not scored yet. */
    @Transactional
    public Scored score(ActiveModel m, Instant cutoff) {
        if (!states.tryLock(m)) {
            return Scored.BUSY;
        }
        Resumed r = states.resume(m, cutoff);
        Duration step = m.step();
        Instant next = r.next();
        Instant lateFrom = r.lateFrom();
        int rows = r.rows();
        if (rows <= 0 || !r.end().isAfter(lateFrom)) {
            return new Scored(0, 0, 0, false);
        }
        MultivariateModel model = r.model();
        ScoringState state = r.state();
        long[] ids = m.variables().stream().mapToLong(ModelVariable::series).toArray();
        GroupMatrix x = GroupMatrix.of(ids, groups.windows(ids, r.loadFrom(), r.end(), m.aggregate(), step),
                r.loadFrom(), step, rows);
        Map<Instant, Long> judged = lateFrom.isBefore(next) ? results.revisions(m.group(), m.entityId(), lateFrom,
                next) : Map.of();
        x.fill(m.fill(), 1.0);

        List<GroupAnomaly> out = new ArrayList<>();
        int rescored = 0;
        for (int i = x.index(lateFrom); i < rows && x.time(i).isBefore(next); i++) {
            Long before = judged.get(x.time(i));
            if (x.observed[i] && (before == null || before != x.revisions[i])) {
                out.add(judge(m, x, i, model.score(x.values[i], rebuilt(model, x, i)), cutoff));
                rescored++;
            }
        }
        Instant last = null;
        for (int i = x.index(next); i < rows; i++) {
            last = x.time(i);
            if (x.observed[i]) {
                out.add(judge(m, x, i, model.score(x.values[i], state), cutoff));
            }
        }
        if (out.stream().anyMatch(a -> a.result().anomaly())) {
            // the entity's dimensions (by values and those all its series share) are what alert rules and
            // incidents match; only anomalies need them
            Map<String, String> dims = Entities.shared(groups.series(ids));
            out.replaceAll(a -> new GroupAnomaly(a.result(), a.entityKey(), dims, a.engine(), a.engineVersion(),
                    a.window()));
        }
        results.save(out.stream().map(GroupAnomaly::result).toList());
        if (last != null) {
            states.save(m, last, state);
        }
        alerts.queue(out);
        int anomalies = (int) out.stream().filter(a -> a.result().anomaly()).count();
        return new Scored(out.size() - rescored, rescored, anomalies, false);
    }

    /** The state as it was before row i: the model's fresh state fed the rows before it (the state's whole reach). */
    private static ScoringState rebuilt(MultivariateModel model, GroupMatrix x, int i) {
        ScoringState s = model.newState();
        for (int k = Math.max(0, i - GroupEngine.SETTINGS.correlationWindow()); k < i; k++) {
            if (x.observed[k]) {
                model.score(x.values[k], s);
            }
        }
        return s;
    }

    private static GroupAnomaly judge(ActiveModel m, GroupMatrix x, int i, RowScore s, Instant cutoff) {
        List<VariableContribution> parts = new ArrayList<>(s.interpretation().size());
        for (Contribution c : s.interpretation()) {
            parts.add(new VariableContribution(c.variable(), c.contribution(), finite(c.value()),
                    finite(c.expected()), c.correlationChanges()));
        }
        GroupResult r = new GroupResult(m.group(), Long.toString(m.entityId()), x.time(i), Long.toString(m.id()),
                s.anomaly(), s.score(), s.severity(), x.revisions[i], parts, cutoff);
        return new GroupAnomaly(r, m.entityKey(), Map.of(), m.engine(), m.engineVersion(), m.step());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}

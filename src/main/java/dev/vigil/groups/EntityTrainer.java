package dev.vigil.groups;

import dev.vigil.detection.multivariate.MultivariateModel;
import dev.vigil.detection.multivariate.TrainingData;
import dev.vigil.detection.multivariate.TrainingOutcome;
import dev.vigil.detection.multivariate.VariableQuality;
import dev.vigil.groups.Entities.Entity;
import dev.vigil.groups.GroupTrainer.EntityTraining;
import dev.vigil.scheduling.DetectionConfig;
import dev.vigil.storage.GroupModelStore;
import dev.vigil.storage.GroupModelStore.ModelVariable;
import dev.vigil.storage.GroupModelStore.Trained;
import dev.vigil.storage.GroupRule;
import dev.vigil.storage.GroupStore;
import dev.vigil.storage.GroupStore.WindowPoint;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Trains one entity's claimed model for {@link GroupTrainer}'s round: reads its aligned windows, fills the gaps the
 * rule allows, trains on the shared engine and activates the READY model in its own transaction, or records FAILED
 * with a reason an operator can act on (too many variables, no data, the engine's own reason, a fault).
 */
@ApplicationScoped
class EntityTrainer {

    /** The round's category, so that a training's log lines stay together under one name. */
    private static final Logger LOG = Logger.getLogger(GroupTrainer.class);

    private final GroupStore groups;
    private final GroupModelStore models;
    private final GroupConfig config;
    private final DetectionConfig detection;

    EntityTrainer(GroupStore groups, GroupModelStore models, GroupConfig config, DetectionConfig detection) {
        this.groups = groups;
        this.models = models;
        this.config = config;
        this.detection = detection;
    }

    /** Trains the entity's claimed model {@code id}; every failure ends as a FAILED model with its reason. */
    EntityTraining train(GroupRule rule, Entity e, long id, Instant from, Instant to, Duration step) {
        long t0 = System.nanoTime();
        Trained seen = new Trained(from, 0, List.of(), 0, Double.NaN, 0, List.of(), null);
        try {
            models.markRunning(id);
            if (e.variables().size() > config.maxVariables()) {
                return failed(e, id, String.format(Locale.ROOT, "too many variables: %d, at most %d "
                        + "(vigil.groups.max-variables)", e.variables().size(), config.maxVariables()), seen);
            }
            List<WindowPoint> points = groups.windows(e.seriesIds(), from, to, rule.aggregate(), step);
            if (points.isEmpty()) {
                return failed(e, id, "no data in the training span " + from + " to " + to, seen);
            }
            // the span starts at the entity's first window: a meter installed last week is judged on its week
            Instant first = points.get(0).start();
            int rows = (int) (Duration.between(first, to).toSeconds() / step.toSeconds());
            GroupMatrix m = GroupMatrix.of(e.seriesIds(), points, first, step, rows);
            double[] missing = new double[e.variables().size()];
            for (int j = 0; j < missing.length; j++) {
                missing[j] = m.missingRatio(j);
            }
            m.fill(rule.fill(), GroupEngine.SETTINGS.maxMissingRatio());
            List<String> names = e.variables().stream().map(ModelVariable::variable).toList();
            TrainingOutcome outcome = GroupEngine.trainerFor(step, detection.coarseStep())
                    .train(new TrainingData(names, m.values));
            List<VariableQuality> quality = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (int j = 0; j < names.size(); j++) {
                VariableQuality q = outcome.report().quality().get(j);
                quality.add(new VariableQuality(names.get(j), missing[j], q.constant(), q.excluded()));
                if (q.excluded()) {
                    notes.add(String.format(Locale.ROOT, "%s is missing in %.0f %% of the span: excluded (it "
                            + "contributes nothing)", names.get(j), 100 * missing[j]));
                } else if (q.constant()) {
                    notes.add(names.get(j) + " was constant over the span: any change of it will score high");
                }
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            if (outcome.model().isEmpty()) {
                return failed(e, id, outcome.reason().orElseThrow(), new Trained(first, rows, quality, 0,
                        Double.NaN, millis, notes, null));
            }
            MultivariateModel model = outcome.model().get();
            Trained t = new Trained(first, rows, quality, model.report().components(), model.report().threshold(),
                    millis, notes, model.snapshot());
            QuarkusTransaction.requiringNew().run(() -> models.activate(id, t, keep()));
            return new EntityTraining(Long.toString(e.id()), e.key(), Long.toString(id), "READY", null);
        } catch (RuntimeException ex) {
            LOG.warnf(ex, "group %s: training %s failed", rule.name(), e.key());
            return failed(e, id, "training failed: " + ex.getClass().getSimpleName() + ": " + ex.getMessage(), seen);
        }
    }

    private EntityTraining failed(Entity e, long id, String reason, Trained seen) {
        try {
            models.fail(id, reason, seen, keep());
        } catch (RuntimeException ex) {
            // the database is away: the model stays CREATED/RUNNING and expires after vigil.groups.training-timeout
            LOG.warnf("could not record the failed training of %s: %s", e.key(), ex.getMessage());
        }
        return new EntityTraining(Long.toString(e.id()), e.key(), Long.toString(id), "FAILED", reason);
    }

    private int keep() {
        return Math.max(1, config.keepVersions());
    }
}

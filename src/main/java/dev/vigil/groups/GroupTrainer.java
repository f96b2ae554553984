package dev.vigil.groups;

import dev.vigil.aggregation.Windows;
import dev.vigil.detection.multivariate.MultivariateModel;
import dev.vigil.detection.multivariate.TrainingData;
import dev.vigil.detection.multivariate.TrainingOutcome;
import dev.vigil.detection.multivariate.VariableQuality;
import dev.vigil.groups.Entities.Entity;
import dev.vigil.storage.GroupModelStore;
import dev.vigil.storage.GroupModelStore.ModelVariable;
import dev.vigil.storage.GroupModelStore.Trained;
import dev.vigil.storage.GroupRule;
import dev.vigil.storage.GroupStore;
import dev.vigil.storage.GroupStore.WindowPoint;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Trains a group's entity models on the rule's span of aligned windows, in parallel across entities up to
 * {@code vigil.groups.training-concurrency}. Each entity is claimed first (its model row), so replicas training at
 * once train it once. Data conditions and faults end as a FAILED model with its reason, never as an exception.
 */
@ApplicationScoped
public class GroupTrainer {

    private static final Logger LOG = Logger.getLogger(GroupTrainer.class);

    /** What happened to one entity. */
    public record EntityTraining(String entityId, String entityKey, String modelId, String status, String reason) {
    }

    /** What one training round of a group did; {@code skipped}: entities already trained on this span. */
    public record TrainingRound(String group, Instant trainTo, int ready, int failed, int skipped,
                                List<EntityTraining> entities) {
    }

    private final GroupStore groups;
    private final GroupModelStore models;
    private final GroupConfig config;

    public GroupTrainer(GroupStore groups, GroupModelStore models, GroupConfig config) {
        this.groups = groups;
        this.models = models;
        this.config = config;
    }

    /**
     * Trains the rule's entities on the span ending at the last closed window before {@code cutoff}; with
     * {@code onlyNew}, only entities that have no model for the rule's current revision (new entities, a changed rule).
     */
    @WithSpan("vigil.groups.train")
    public TrainingRound train(GroupRule rule, Instant cutoff, boolean onlyNew) {
        Duration step = rule.step();
        Instant to = Windows.closedUntil(cutoff, step, Duration.ZERO);
        // the first whole cell of the span: a cell cut by the span's start would be judged on part of its windows
        Instant from = Windows.startOf(to.minus(rule.trainingSpan()).plus(step).minusSeconds(1), step);
        List<Entity> entities = Entities.of(rule, groups.series(rule.metrics()));
        if (onlyNew) {
            Set<Long> known = models.entitiesWithModels(rule.name(), rule.revision());
            entities = entities.stream().filter(e -> !known.contains(e.id())).toList();
        }
        List<EntityTraining> done = new ArrayList<>();
        List<Future<EntityTraining>> running = new ArrayList<>();
        int skipped = 0;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, config.trainingConcurrency()));
        try {
            for (Entity e : entities) {
                Optional<Long> id = models.claim(rule.name(), e.id(), e.key(), rule.revision(),
                        GroupEngine.ENGINE.name(), GroupEngine.ENGINE.version(), e.variables(), from, to, step);
                if (id.isEmpty()) {
                    skipped++;
                    continue;
                }
                running.add(pool.submit(() -> trainEntity(rule, e, id.get(), from, to, step)));
            }
            for (Future<EntityTraining> f : running) {
                try {
                    done.add(f.get());
                } catch (Exception ex) {
                    // trainEntity records its own failures; only an interrupt gets here
                    Thread.currentThread().interrupt();
                    LOG.warnf("training of group %s interrupted", rule.name());
                    break;
                }
            }
        } finally {
            pool.shutdown();
        }
        int ready = (int) done.stream().filter(t -> "READY".equals(t.status())).count();
        if (!done.isEmpty()) {
            LOG.infof("group %s trained to %s: %d ready, %d failed, %d already trained", rule.name(), to, ready,
                    done.size() - ready, skipped);
        }
        return new TrainingRound(rule.name(), to, ready, done.size() - ready, skipped, done);
    }

    private EntityTraining trainEntity(GroupRule rule, Entity e, long id, Instant from, Instant to, Duration step) {
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
            TrainingOutcome outcome = GroupEngine.ENGINE.train(new TrainingData(names, m.values));
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

package dev.vigil.groups;

import dev.vigil.aggregation.Windows;
import dev.vigil.groups.Entities.Entity;
import dev.vigil.storage.GroupModelStore;
import dev.vigil.storage.GroupRule;
import dev.vigil.storage.GroupStore;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private final EntityTrainer trainer;

    GroupTrainer(GroupStore groups, GroupModelStore models, GroupConfig config, EntityTrainer trainer) {
        this.groups = groups;
        this.models = models;
        this.config = config;
        this.trainer = trainer;
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
                running.add(pool.submit(() -> trainer.train(rule, e, id.get(), from, to, step)));
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
}

package dev.vigil.groups;

import dev.vigil.storage.GroupModelStore;
import dev.vigil.storage.GroupRule;
import dev.vigil.storage.GroupStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Training rounds over every group: all entities (the daily retraining) or only those without a model for their
 * rule's current revision (new entities, new or changed rules). Runs beside the detection run, never inside it, so
 * a burst of new entities cannot delay scoring.
 */
@ApplicationScoped
public class GroupTraining {

    private final GroupStore groups;
    private final GroupModelStore models;
    private final GroupTrainer trainer;
    private final GroupConfig config;

    public GroupTraining(GroupStore groups, GroupModelStore models, GroupTrainer trainer, GroupConfig config) {
        this.groups = groups;
        this.models = models;
        this.trainer = trainer;
        this.config = config;
    }

    /** Retrains every entity of every group on the span ending at {@code cutoff}. */
    public List<GroupTrainer.TrainingRound> trainAll(Instant cutoff) {
        return train(cutoff, false);
    }

    /** Trains the entities that have no model for their rule's current revision. */
    public List<GroupTrainer.TrainingRound> trainNew(Instant cutoff) {
        return train(cutoff, true);
    }

    private List<GroupTrainer.TrainingRound> train(Instant cutoff, boolean onlyNew) {
        models.expireUnfinished(config.trainingTimeout());
        List<GroupTrainer.TrainingRound> rounds = new ArrayList<>();
        for (GroupRule rule : groups.rules()) {
            rounds.add(trainer.train(rule, cutoff, onlyNew));
        }
        return rounds;
    }
}

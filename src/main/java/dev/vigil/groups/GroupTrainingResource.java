package dev.vigil.groups;

import dev.vigil.query.Utf8Body;
import dev.vigil.storage.GroupStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /api/v1/groups/{name}/training} (role operate): retrains every entity of the group now, on the span
 * ending at the last closed window (or at {@code {"at": ...}}), and answers when they are trained. Each new READY
 * model replaces its entity's active one; a FAILED one leaves it in place.
 */
@Path("/api/v1/groups/{name}/training")
@Utf8Body
public class GroupTrainingResource {

    private final GroupStore groups;
    private final GroupTrainer trainer;
    private final TrainingCutoff cutoff;

    GroupTrainingResource(GroupStore groups, GroupTrainer trainer, TrainingCutoff cutoff) {
        this.groups = groups;
        this.trainer = trainer;
        this.cutoff = cutoff;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Retrain every entity of a group now (role operate); body optional: {\"at\": ISO-8601}")
    public GroupTrainer.TrainingRound train(@PathParam("name") String name, String body) {
        var rule = groups.rule(name).orElseThrow(() -> GroupRejected.notFound(name));
        return trainer.train(rule, cutoff.requested(body), false);
    }
}

package dev.vigil.groups;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.query.JsonBodies;
import dev.vigil.query.Utf8Body;
import dev.vigil.storage.GroupRule;
import dev.vigil.storage.GroupStore;
import dev.vigil.storage.RuleStore;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /api/v1/admin/groups}: group rules (role admin). A change takes effect at the next detection run, which
 * trains the entities of a new or changed rule; rules from configuration are read-only here.
 */
@Path("/api/v1/admin/groups")
@Produces(MediaType.APPLICATION_JSON)
@Utf8Body
public class GroupAdminResource {

    private final GroupStore groups;
    private final RuleStore rules;
    private final AggregationConfig windows;

    public GroupAdminResource(GroupStore groups, RuleStore rules, AggregationConfig windows) {
        this.groups = groups;
        this.rules = rules;
        this.windows = windows;
    }

    @GET
    @Operation(summary = "Every group rule (role admin)")
    public List<RuleView> list() {
        return groups.rules().stream().map(RuleView::of).toList();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One group rule (role admin)")
    public RuleView one(@PathParam("name") String name) {
        return RuleView.of(groups.rule(name).orElseThrow(() -> GroupRejected.notFound(name)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Create a group rule (role admin): name, metrics, by, aggregate, fill, fillValue, "
            + "trainingSpan, step")
    public Response create(String body) {
        GroupRule rule = GroupRules.fromJson(parse(body), null, windows.window());
        if (!groups.insert(rule)) {
            throw new GroupRejected(409, "GroupExists", "name", "a group named " + rule.name() + " exists");
        }
        return Response.status(201).entity(RuleView.of(groups.rule(rule.name()).orElseThrow())).build();
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Replace a group rule's definition (role admin); its entities retrain at the next run")
    public RuleView replace(@PathParam("name") String name, String body) {
        GroupRule rule = GroupRules.fromJson(parse(body), name, windows.window());
        writable(name);
        groups.replace(rule);
        return RuleView.of(groups.rule(name).orElseThrow());
    }

    @DELETE
    @Path("{name}")
    @Transactional
    @Operation(summary = "Delete a group rule with its models and results (role admin); 409 while alert rules "
            + "are scoped to it")
    public Response delete(@PathParam("name") String name) {
        writable(name);
        rules.lockNames(); // no rule naming the group is created between the check and the deletion
        List<String> naming = rules.namingGroup(name);
        if (!naming.isEmpty()) {
            // the rules would cover nothing, silently, and could not be stored again as they read
            throw new GroupRejected(409, "GroupInUse", "name", "group " + name + " cannot be deleted while alert "
                    + "rules are scoped to it: " + String.join(", ", naming) + "; change or delete those rules first");
        }
        groups.delete(name);
        return Response.noContent().build();
    }

    private void writable(String name) {
        GroupRule stored = groups.rule(name).orElseThrow(() -> GroupRejected.notFound(name));
        if (GroupRule.CONFIG.equals(stored.source())) {
            throw new GroupRejected(409, "ConfiguredGroup", "name", "group " + name
                    + " is defined in configuration (vigil.groups.rules); change it there");
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw GroupRejected.invalid("EmptyBody", null, "the body must be a group rule as JSON");
        }
        return JsonBodies.parse(body);
    }
}

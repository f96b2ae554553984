package dev.vigil.query;

import dev.vigil.groups.GroupRejected;
import dev.vigil.storage.GroupModelStore;
import dev.vigil.storage.GroupModelStore.ModelRow;
import dev.vigil.storage.GroupResultStore;
import dev.vigil.storage.GroupResultStore.GroupResult;
import dev.vigil.storage.GroupResultStore.RankedEntity;
import dev.vigil.storage.GroupRule;
import dev.vigil.storage.GroupStore;
import dev.vigil.time.IsoDurations;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Read API over multivariate groups: their entities ranked by recent anomalies, models and results. */
@Path("/api/v1/groups")
@Produces(MediaType.APPLICATION_JSON)
public class GroupResource {

    /** A group with its entities' anomalies in [since, until). */
    public record GroupSummary(String name, List<String> metrics, List<String> by, String aggregate,
                               String trainingSpan, String step, int entities, int readyModels, long anomalies,
                               Double maxSeverity, Instant lastAnomaly, Instant since, Instant until) {
    }

    private static final Duration MAX_RANGE = Duration.ofDays(93);

    private final GroupStore groups;
    private final GroupModelStore models;
    private final GroupResultStore results;
    private final AsOf asOf;

    GroupResource(GroupStore groups, GroupModelStore models, GroupResultStore results, AsOf asOf) {
        this.groups = groups;
        this.models = models;
        this.results = results;
        this.asOf = asOf;
    }

    @GET
    @Operation(summary = "Every group with its entities' anomalies in a period (default P7D up to the newest run)")
    public List<GroupSummary> list(@QueryParam("period") String period) {
        Instant until = asOf.latestCutoff();
        Instant since = until.minus(Params.duration("period", period, Duration.ofDays(7), MAX_RANGE));
        List<RankedEntity> ranked = results.ranking(null, since, until, 100_000);
        return groups.rules().stream().map(r -> summary(r, ranked, since, until)).toList();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One group with its entities' anomalies in a period")
    public GroupSummary one(@PathParam("name") String name, @QueryParam("period") String period) {
        GroupRule rule = rule(name);
        Instant until = asOf.latestCutoff();
        Instant since = until.minus(Params.duration("period", period, Duration.ofDays(7), MAX_RANGE));
        return summary(rule, results.ranking(name, since, until, 100_000), since, until);
    }

    @GET
    @Path("{name}/entities")
    @Operation(summary = "The group's entities, most anomalies in the period first (default P7D up to the newest run)")
    public List<RankedEntity> entities(
            @PathParam("name") String name, @QueryParam("period") String period,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit) {
        rule(name);
        Instant until = asOf.latestCutoff();
        Instant since = until.minus(Params.duration("period", period, Duration.ofDays(7), MAX_RANGE));
        return results.ranking(name, since, until, Params.bounded("limit", limit, 100, 1, 10_000));
    }

    @GET
    @Path("{name}/models")
    @Operation(summary = "The group's models, newest first (of one entity with entity=): status, reason, "
            + "variables, training span, rows, data quality, training time, engine")
    public List<ModelRow> models(
            @PathParam("name") String name, @QueryParam("entity") String entity,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit) {
        rule(name);
        Long entityId = entity == null || entity.isBlank() ? null : Params.entityId("entity", entity);
        return models.models(name, entityId, Params.bounded("limit", limit, 100, 1, 10_000));
    }

    @GET
    @Path("{name}/entities/{entity}/results")
    @Operation(summary = "An entity's judged windows in [from, to) (default the last day), with the interpretation; "
            + "anomalies=true for anomalies only")
    public List<GroupResult> results(
            @PathParam("name") String name, @PathParam("entity") String entity, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("anomalies") String anomalies,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit) {
        rule(name);
        Instant t = Params.instant("to", to, asOf.now());
        Instant f = Params.instant("from", from, t.minus(Duration.ofDays(1)));
        Params.range(f, t, MAX_RANGE);
        if (anomalies != null && !anomalies.isBlank() && !anomalies.equals("true") && !anomalies.equals("false")) {
            throw new BadParameter("anomalies", "anomalies must be true or false");
        }
        return results.results(name, Params.entityId("entity", entity), f, t, "true".equals(anomalies),
                Params.bounded("limit", limit, 10_000, 1, 50_000));
    }

    private GroupRule rule(String name) {
        return groups.rule(name).orElseThrow(() -> GroupRejected.notFound(name));
    }

    private static GroupSummary summary(GroupRule r, List<RankedEntity> ranked, Instant since, Instant until) {
        List<RankedEntity> mine = ranked.stream().filter(e -> e.group().equals(r.name())).toList();
        long anomalies = mine.stream().mapToLong(RankedEntity::anomalies).sum();
        Double top = mine.stream().map(RankedEntity::maxSeverity).filter(s -> s != null).max(Double::compare)
                .orElse(null);
        Instant last = mine.stream().map(RankedEntity::lastAnomaly).filter(s -> s != null).max(Instant::compareTo)
                .orElse(null);
        int ready = (int) mine.stream().filter(e -> "READY".equals(e.modelStatus())).count();
        return new GroupSummary(r.name(), r.metrics(), r.by(), r.aggregate().label(), IsoDurations.text(r.trainingSpan()),
                IsoDurations.text(r.step()), mine.size(), ready, anomalies, top, last, since, until);
    }
}

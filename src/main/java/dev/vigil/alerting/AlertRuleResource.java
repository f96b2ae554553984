package dev.vigil.alerting;

import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.query.Params;
import dev.vigil.query.Utf8Body;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.GroupStore;
import dev.vigil.storage.RuleStore;
import dev.vigil.time.IsoDurations;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /api/v1/alert-rules}: the rules that decide which anomalies become alerts. Reading needs {@code read},
 * changing {@code operate} ({@code AccessPolicy}). A change applies to windows decided after it; decisions already
 * stored stand.
 */
@Path("/api/v1/alert-rules")
@Produces(MediaType.APPLICATION_JSON)
@Utf8Body
public class AlertRuleResource {

    /**
     * A rule as the API shows it: durations as ISO-8601 text; {@code silence} null for the default threshold,
     * {@code off} for none; {@code limits} and {@code change} null when it sets none.
     */
    public record RuleView(long id, String name, String metric, String group, java.util.Map<String, String> dimensions,
                           double minSeverity, String direction, int minConsecutive, String snooze, int maxPerHour,
                           List<AlertRule.Maintenance> maintenance, boolean enabled, double confirmBelow,
                           int confirmWindows, String silence, AlertRule.Limits limits, ChangeView change,
                           boolean conditionsOnly) {

        static RuleView of(AlertRule r) {
            return new RuleView(r.id(), r.name(), r.metric(), r.group(), r.dimensions(), r.minSeverity(), r.direction(),
                    r.minConsecutive(), IsoDurations.text(r.snooze()), r.maxPerHour(), r.maintenance(), r.enabled(),
                    r.confirmBelow(), r.confirmWindows(), r.silence() == null ? null
                            : r.silence().isZero() ? RuleRequest.SILENCE_OFF : IsoDurations.text(r.silence()),
                    r.limits(), ChangeView.of(r.change()), r.conditionsOnly());
        }
    }

    /** A change condition as the API shows it: {@code windows} back, or {@code ago} as ISO-8601 (the other null). */
    public record ChangeView(double percent, Integer windows, String ago, boolean within) {

        static ChangeView of(AlertRule.Change c) {
            return c == null ? null : new ChangeView(c.percent(), c.ago() == null ? c.windows() : null,
                    c.ago() == null ? null : IsoDurations.text(c.ago()), c.within());
        }
    }

    /**
     * Every enabled rule is read whenever a chunk's anomalies are decided and whenever a chart shows limits
     * ({@code AlertGate}, {@code RuleConditions}), so their number is bounded, far above what a fleet's alerting
     * needs (one rule's filter covers any number of series); counted under the names' lock, so two creations cannot
     * both pass it.
     */
    static final int MAX_RULES = 1_000;

    private final RuleStore store;
    private final GroupStore groups;
    private final AlertGate gate;
    private final RulePreview preview;
    private final AggregationConfig aggregation;
    private final Clock clock;

    public AlertRuleResource(RuleStore store, GroupStore groups, AlertGate gate, RulePreview preview,
                             AggregationConfig aggregation, Clock clock) {
        this.store = store;
        this.groups = groups;
        this.gate = gate;
        this.preview = preview;
        this.aggregation = aggregation;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Stored alert rules, oldest first")
    public List<RuleView> list() {
        return store.all().stream().map(RuleView::of).toList();
    }

    @GET
    @Path("default")
    @Operation(summary = "The rule for series no stored rule covers (configuration)")
    public RuleView defaultRule() {
        return RuleView.of(gate.defaultRule());
    }

    @GET
    @Path("{id}")
    public RuleView one(@PathParam("id") String id) {
        return RuleView.of(store.find(Params.positiveId(id)).orElseThrow(() -> notFound(id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Create a rule; fields left out take the default rule's values")
    public Response create(String body) {
        AlertRule rule = RuleRequest.parse(body, gate.defaultRule());
        if (store.nameTaken(rule.name(), -1)) {
            throw nameTaken(rule.name());
        }
        refuseUnknownGroup(rule);
        if (store.count() >= MAX_RULES) {
            throw new RejectedInput(409, "TooManyRules", null, "at most " + MAX_RULES + " rules can be stored; "
                    + "delete or widen some (one rule's dimensions filter covers many series)");
        }
        return Response.status(201).entity(RuleView.of(store.create(rule))).build();
    }

    @POST
    @Path("preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "What a rule (the body, as for create) would have done with the stored anomalies of "
            + "[from, to) (default the last 7 days, at most 31); nothing is stored or sent")
    public RulePreview.Preview preview(@QueryParam("from") String from, @QueryParam("to") String to, String body) {
        AlertRule rule = RuleRequest.parse(body, gate.defaultRule());
        Instant t = Params.instant("to", to, clock.instant());
        Instant f = Params.instant("from", from, t.minus(Duration.ofDays(7)));
        Params.range(f, t, RulePreview.MAX_PERIOD);
        return preview.preview(rule, f, t, aggregation.window());
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Replace a rule")
    public RuleView replace(@PathParam("id") String id, String body) {
        long ruleId = Params.positiveId(id);
        AlertRule rule = RuleRequest.parse(body, gate.defaultRule());
        store.lockNames();
        // no such rule is the answer, whatever else holds the name
        AlertRule before = store.find(ruleId).orElseThrow(() -> notFound(id));
        if (store.nameTaken(rule.name(), ruleId)) {
            throw nameTaken(rule.name());
        }
        refuseUnknownGroup(rule);
        if (!before.name().equals(rule.name())) {
            refuseIfNamed(before.name(), "renamed");
        }
        if (!store.replace(ruleId, rule)) {
            throw notFound(id);
        }
        return RuleView.of(store.find(ruleId).orElseThrow());
    }

    @DELETE
    @Path("{id}")
    @Transactional
    public Response delete(@PathParam("id") String id) {
        store.lockNames();
        AlertRule rule = store.find(Params.positiveId(id)).orElseThrow(() -> notFound(id));
        refuseIfNamed(rule.name(), "deleted");
        if (!store.delete(rule.id())) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    /**
     * 409 {@code RuleInUse} while hooks list the rule by name: they would silently receive nothing, and could not be
     * put back as read (a hook may only name rules that exist).
     */
    private void refuseIfNamed(String name, String change) {
        List<String> hooks = store.hooksNaming(name);
        if (!hooks.isEmpty()) {
            throw new RejectedInput(409, "RuleInUse", "name", "rule '" + name + "' cannot be " + change
                    + " while hooks name it in their rules: " + String.join(", ", hooks)
                    + "; change those hooks first");
        }
    }

    /**
     * A rule may only name a group that exists (checked under the rule names' lock, which a group's deletion takes
     * too): a misspelt group would cover nothing, silently, as would one deleted under it.
     */
    private void refuseUnknownGroup(AlertRule rule) {
        if (rule.group() != null && groups.rule(rule.group()).isEmpty()) {
            throw RuleRequest.unknownGroup(rule.group());
        }
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no alert rule " + id);
    }

    private static RejectedInput nameTaken(String name) {
        return new RejectedInput(409, "NameTaken", "name", "a rule named '" + name + "' exists already");
    }
}

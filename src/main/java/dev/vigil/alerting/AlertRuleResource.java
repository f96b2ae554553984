package dev.vigil.alerting;

import dev.vigil.query.Utf8Body;
import dev.vigil.storage.AlertRule;
import dev.vigil.time.IsoDurations;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
                           boolean conditionsOnly, boolean override) {

        static RuleView of(AlertRule r) {
            return new RuleView(r.id(), r.name(), r.metric(), r.group(), r.dimensions(), r.minSeverity(), r.direction(),
                    r.minConsecutive(), IsoDurations.text(r.snooze()), r.maxPerHour(), r.maintenance(), r.enabled(),
                    r.confirmBelow(), r.confirmWindows(), r.silence() == null ? null
                            : r.silence().isZero() ? RuleRequest.SILENCE_OFF : IsoDurations.text(r.silence()),
                    r.limits(), ChangeView.of(r.change()), r.conditionsOnly(), r.override());
        }
    }

    /** A change condition as the API shows it: {@code windows} back, or {@code ago} as ISO-8601 (the other null). */
    public record ChangeView(double percent, Integer windows, String ago, boolean within) {

        static ChangeView of(AlertRule.Change c) {
            return c == null ? null : new ChangeView(c.percent(), c.ago() == null ? c.windows() : null,
                    c.ago() == null ? null : IsoDurations.text(c.ago()), c.within());
        }
    }

    private final AlertRuleService rules;
    private final RulePreviewService previews;

    public AlertRuleResource(AlertRuleService rules, RulePreviewService previews) {
        this.rules = rules;
        this.previews = previews;
    }

    @GET
    @Operation(summary = "Stored alert rules, oldest first")
    public List<RuleView> list() {
        return rules.all().stream().map(RuleView::of).toList();
    }

    @GET
    @Path("default")
    @Operation(summary = "The rule for series no stored rule covers (configuration)")
    public RuleView defaultRule() {
        return RuleView.of(rules.defaultRule());
    }

    @GET
    @Path("{id}")
    public RuleView one(@PathParam("id") String id) {
        return RuleView.of(rules.one(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a rule; fields left out take the default rule's values")
    public Response create(String body) {
        return Response.status(201).entity(RuleView.of(rules.create(body))).build();
    }

    @POST
    @Path("preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "What a rule (the body, as for create) would have done with the stored anomalies of "
            + "[from, to) (default the last 7 days, at most 31); nothing is stored or sent")
    public RulePreview.Preview preview(@QueryParam("from") String from, @QueryParam("to") String to, String body) {
        return previews.preview(from, to, body);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a rule")
    public RuleView replace(@PathParam("id") String id, String body) {
        return RuleView.of(rules.replace(id, body));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        rules.delete(id);
        return Response.noContent().build();
    }
}

package dev.vigil.hooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alerting.AlertEvents;
import dev.vigil.alerting.EventTypes;
import dev.vigil.alerting.SampleEvents;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.query.Params;
import dev.vigil.query.Utf8Body;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.DeliveryStore;
import dev.vigil.storage.DeliveryStore.Delivery;
import dev.vigil.storage.HookStore;
import dev.vigil.storage.HookStore.Hook;
import dev.vigil.storage.HookStore.HookSpec;
import dev.vigil.storage.Json;
import dev.vigil.storage.RuleStore;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * {@code /api/v1/admin/hooks}: HTTP endpoints that receive the alerts topic's events (README "Hooks"). Admin only
 * ({@code AccessPolicy}): a hook sends data out of Vigil to a URL of its choosing, and the URL often holds a token.
 * The signing secret is shown when a hook is created and when it is rotated, never again.
 */
@Path("/api/v1/admin/hooks")
@Produces(MediaType.APPLICATION_JSON)
@Utf8Body
public class HookResource {

    /** The CloudEvent type of a hook's test event; it is sent only by {@code POST {id}/test}. */
    static final String TEST_TYPE = "dev.vigil.hook.test.v1";

    /**
     * A hook as the API shows it: the names of its extra headers (their values are credentials, never shown), and how
     * many of its deliveries are pending and how many were given up.
     */
    public record HookView(long id, String name, String url, List<String> types, List<String> rules, boolean enabled,
                           String format, String template, List<String> headerNames, Instant createdAt,
                           Instant updatedAt, long pending, long failed, String unreadable) {

        static HookView of(Hook h) {
            HookSpec s = h.spec();
            return new HookView(h.id(), s.name(), s.url(), s.types(), s.rules(), s.enabled(), s.format(), s.template(),
                    List.copyOf(h.headers().keySet()), h.createdAt(), h.updatedAt(), h.pending(), h.failed(),
                    h.unreadable());
        }
    }

    /** A hook and its signing secret: the answer to creating a hook or rotating its secret. */
    public record WithSecret(HookView hook, String secret) {
    }

    /** What a test event came to: the endpoint's status (null when it did not answer), the error, the time taken. */
    public record TestResult(boolean delivered, Integer status, String error, long millis) {
    }

    private final HookStore hooks;
    private final DeliveryStore deliveries;
    private final RuleStore rules;
    private final HookSenders senders;
    private final Clock clock;

    public HookResource(HookStore hooks, DeliveryStore deliveries, RuleStore rules, HookSenders senders,
                        Clock clock) {
        this.hooks = hooks;
        this.deliveries = deliveries;
        this.rules = rules;
        this.senders = senders;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "The hooks, oldest first (role admin)")
    public List<HookView> list() {
        return hooks.all().stream().map(HookView::of).toList();
    }

    @GET
    @Path("{id}")
    public HookView one(@PathParam("id") String id) {
        return HookView.of(find(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Create a hook; the answer holds its signing secret, shown this once")
    public Response create(String body) {
        HookRequest.Parsed hook = HookRequest.parse(body);
        HookSpec spec = checked(hook.spec(), -1);
        String secret = Signature.newSecret();
        Map<String, String> headers = hook.headers() == null ? Map.of() : hook.headers();
        return Response.status(201).entity(new WithSecret(HookView.of(hooks.create(spec, headers, secret)), secret))
                .build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Replace a hook's name, URL, filters, format and state, and its headers when given; its "
            + "secret and deliveries stay")
    public HookView replace(@PathParam("id") String id, String body) {
        long hookId = Params.positiveId(id);
        HookRequest.Parsed hook = HookRequest.parse(body);
        if (!hooks.replace(hookId, checked(hook.spec(), hookId), hook.headers())) {
            throw notFound(id);
        }
        return HookView.of(hooks.find(hookId).orElseThrow());
    }

    @DELETE
    @Path("{id}")
    @Transactional
    @Operation(summary = "Delete a hook and its deliveries, pending ones included (one a sender has already taken "
            + "may still arrive)")
    public Response delete(@PathParam("id") String id) {
        if (!hooks.delete(Params.positiveId(id))) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/secret")
    @Transactional
    @Operation(summary = "Give a hook a new signing secret; deliveries from now on are signed with it")
    public WithSecret rotate(@PathParam("id") String id) {
        long hookId = Params.positiveId(id);
        String secret = Signature.newSecret();
        if (!hooks.newSecret(hookId, secret)) {
            throw notFound(id);
        }
        return new WithSecret(HookView.of(hooks.find(hookId).orElseThrow()), secret);
    }

    @POST
    @Path("{id}/test")
    @Operation(summary = "Send a test event (" + TEST_TYPE + "), or with type a made-up event of that type, now and "
            + "say what the endpoint answered; nothing is stored")
    public TestResult test(@PathParam("id") String id,
            @Parameter(description = "an alert event type: send a sample of it (source " + SampleEvents.SOURCE
                    + ", every field set)") @QueryParam("type") String type) {
        Hook hook = find(id);
        if (type != null && !EventTypes.ALL.contains(type)) {
            throw new RejectedInput(400, "InvalidParameter", "type", "type must be an alert event type: "
                    + String.join(", ", EventTypes.ALL));
        }
        UUID eventId = UUID.randomUUID();
        String event = type == null ? testEvent(hook.spec().name(), eventId, clock.instant())
                : SampleEvents.of(type, eventId, clock.instant());
        long started = System.nanoTime();
        Sender.Attempt a = senders.sendNow(hook, eventId.toString(), event);
        return new TestResult(a.delivered(), a.status(), a.error(), (System.nanoTime() - started) / 1_000_000);
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(summary = "A hook's deliveries, newest first; state pending, delivered or failed")
    public List<Delivery> deliveries(@PathParam("id") String id,
            @Parameter(schema = @Schema(enumeration = {"pending", "delivered", "failed"})) @QueryParam("state")
            String state,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit) {
        if (state != null && !Set.of("pending", "delivered", "failed").contains(state)) {
            throw new RejectedInput(400, "InvalidParameter", "state", "state must be pending, delivered or failed");
        }
        return deliveries.recent(find(id).id(), state, Params.bounded("limit", limit, 100, 1, 1000));
    }

    @POST
    @Path("{id}/deliveries/{eventId}/retry")
    @Transactional
    @Operation(summary = "Send a delivery again from its first attempt (a given-up one, or a delivered one)")
    public Delivery retry(@PathParam("id") String id, @PathParam("eventId") String eventId) {
        long hookId = find(id).id();
        UUID event;
        try {
            event = UUID.fromString(eventId);
        } catch (IllegalArgumentException e) {
            throw new RejectedInput(400, "InvalidParameter", "eventId", "eventId must be a UUID (an event's id)");
        }
        return deliveries.again(hookId, event, clock.instant())
                .orElseThrow(() -> new NotFoundException("hook " + id + " has no delivery of event " + eventId));
    }

    /** The test event of the hook named {@code hook}: its data holds {@code hook} and {@code message} only. */
    static String testEvent(String hook, UUID id, Instant now) {
        ObjectNode data = Json.mapper().createObjectNode().put("hook", hook)
                .put("message", "a test event from Vigil; it stands for no anomaly");
        return AlertEvents.envelope(id, "/vigil/hooks", TEST_TYPE, "hook/" + hook, now, data);
    }

    /** The spec, once its name is free and every rule it names exists (a misspelt rule would silence the hook). */
    private HookSpec checked(HookSpec spec, long hookId) {
        if (hooks.nameTaken(spec.name(), hookId)) {
            throw new RejectedInput(409, "NameTaken", "name", "a hook named '" + spec.name() + "' exists already");
        }
        rules.lockNames(); // a rule deleted meanwhile would leave this hook naming nothing
        Set<String> known = rules.all().stream().map(AlertRule::name).collect(Collectors.toCollection(HashSet::new));
        known.add(AlertRule.DEFAULT_NAME);
        for (int i = 0; i < spec.rules().size(); i++) {
            if (!known.contains(spec.rules().get(i))) {
                throw new RejectedInput(400, "InvalidHook", "rules[" + i + "]", "no alert rule is named '"
                        + spec.rules().get(i) + "' (the default rule is 'default')");
            }
        }
        return spec;
    }

    private Hook find(String id) {
        return hooks.find(Params.positiveId(id)).orElseThrow(() -> notFound(id));
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no hook " + id);
    }
}

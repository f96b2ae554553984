package dev.vigil.hooks;

import dev.vigil.alerting.SampleEvents;
import dev.vigil.query.Utf8Body;
import dev.vigil.storage.DeliveryStore.Delivery;
import dev.vigil.storage.HookStore.Hook;
import dev.vigil.storage.HookStore.HookSpec;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
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

    /**
     * A hook as the API shows it: the names of its extra headers (their values are credentials, never shown), its
     * {@code maxAge} as ISO-8601 text (null: none), and how many of its deliveries are pending, how many were given
     * up and how many were skipped as older than its maxAge.
     */
    public record HookView(long id, String name, String url, List<String> types, List<String> rules, boolean enabled,
                           String format, String template, String maxAge, List<String> headerNames,
                           Instant createdAt, Instant updatedAt, long pending, long failed, long skipped,
                           String unreadable) {

        static HookView of(Hook h) {
            HookSpec s = h.spec();
            return new HookView(h.id(), s.name(), s.url(), s.types(), s.rules(), s.enabled(), s.format(), s.template(),
                    s.maxAge() == null ? null : s.maxAge().toString(), List.copyOf(h.headers().keySet()),
                    h.createdAt(), h.updatedAt(), h.pending(), h.failed(), h.skipped(), h.unreadable());
        }
    }

    /** A hook and its signing secret: the answer to creating a hook or rotating its secret. */
    public record WithSecret(HookView hook, String secret) {
    }

    /** What a test event came to: the endpoint's status (null when it did not answer), the error, the time taken. */
    public record TestResult(boolean delivered, Integer status, String error, long millis) {
    }

    private final HookRegistry hooks;
    private final HookTrial trial;
    private final HookDeliveries deliveries;

    HookResource(HookRegistry hooks, HookTrial trial, HookDeliveries deliveries) {
        this.hooks = hooks;
        this.trial = trial;
        this.deliveries = deliveries;
    }

    @GET
    @Operation(summary = "The hooks, oldest first (role admin)")
    public List<HookView> list() {
        return hooks.all();
    }

    @GET
    @Path("{id}")
    public HookView one(@PathParam("id") String id) {
        return HookView.of(hooks.find(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a hook; the answer holds its signing secret, shown this once")
    public Response create(String body) {
        return Response.status(201).entity(hooks.create(body)).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a hook's name, URL, filters, format and state, and its headers when given; its "
            + "secret and deliveries stay")
    public HookView replace(@PathParam("id") String id, String body) {
        return hooks.replace(id, body);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a hook and its deliveries, pending ones included (one a sender has already taken "
            + "may still arrive)")
    public Response delete(@PathParam("id") String id) {
        hooks.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/secret")
    @Operation(summary = "Give a hook a new signing secret; deliveries from now on are signed with it")
    public WithSecret rotate(@PathParam("id") String id) {
        return hooks.rotate(id);
    }

    @POST
    @Path("{id}/test")
    @Operation(summary = "Send a test event (" + HookTrial.TEST_TYPE + "), or with type a made-up event of that type, "
            + "now and say what the endpoint answered; nothing is stored")
    public TestResult test(@PathParam("id") String id,
            @Parameter(description = "an alert event type: send a sample of it (source " + SampleEvents.SOURCE
                    + ", every field set)") @QueryParam("type") String type) {
        return trial.test(hooks.find(id), type);
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(summary = "A hook's deliveries, newest first; state pending, delivered, failed or skipped (older than "
            + "the hook's maxAge)")
    public List<Delivery> deliveries(@PathParam("id") String id,
            @Parameter(schema = @Schema(enumeration = {"pending", "delivered", "failed", "skipped"}))
            @QueryParam("state")
            String state,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit) {
        return deliveries.recent(id, state, limit);
    }

    @POST
    @Path("{id}/deliveries/{eventId}/retry")
    @Operation(summary = "Send a delivery again from its first attempt (a given-up, skipped or delivered one)")
    public Delivery retry(@PathParam("id") String id, @PathParam("eventId") String eventId) {
        return deliveries.retry(id, eventId);
    }
}

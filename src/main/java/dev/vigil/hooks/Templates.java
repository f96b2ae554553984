package dev.vigil.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alerting.EventTypes;
import dev.vigil.alerting.SampleEvents;
import dev.vigil.storage.Json;
import io.quarkus.qute.Engine;
import io.quarkus.qute.EvalContext;
import io.quarkus.qute.Results;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.ValueResolver;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A hook's own request body, written as a Qute template (the {@code template} format), so an event reaches a service
 * that takes its own JSON (an incident tool's events API, a chat's cards) without a bridge. The template sees
 * {@code event} (the CloudEvent: {@code event.type}, {@code event.data.seriesKey}, ...), {@code line} (the chat line)
 * and {@code link} (the dashboard link, or empty); {@code .json} on any value writes it as JSON (a text quoted and
 * escaped), which is how values go into a JSON body safely. Rendering is strict: a name the event does not have is an
 * error ({@code event.data.seriesKey.or('')} gives a default). Parsed templates are kept by their text.
 */
final class Templates {

    static final int MAX_TEMPLATE = 8192;
    private static final Engine ENGINE = Engine.builder().addDefaults().strictRendering(true)
            // before the JSON resolver, so that .json applies to a node too; a name not found stays not found
            // (strict rendering then fails naming it), else .json would write Qute's NotFound, event and all
            .addValueResolver(ValueResolver.builder().priority(10).applyToName("json").applyToNoParameters()
                    .resolveSync(ctx -> ctx.getBase() instanceof Results.NotFound ? ctx.getBase()
                            : json(ctx.getBase())).build())
            .addValueResolver(ValueResolver.builder().applyToBaseClass(JsonNode.class).applyToNoParameters()
                    .resolveSync(Templates::field).build())
            .build();
    private static final Map<String, Template> PARSED = new ConcurrentHashMap<>();
    private static final List<String> OPEN_MAPS = List.of("dimensions", "scope");
    private static final Pattern BASE_OBJECT = Pattern.compile(" on the base object \"[^\"]*\"");

    private Templates() {
    }

    /** Parses a template; a syntax error is an {@link IllegalArgumentException} whose message says where. */
    static Template parse(String text) {
        Template t = PARSED.get(text);
        if (t != null) {
            return t;
        }
        try {
            t = ENGINE.parse(text);
        } catch (TemplateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (PARSED.size() > 1_000) {
            PARSED.clear(); // a hook's template is changed by hand: a thousand distinct texts means churn, not hooks
        }
        PARSED.put(text, t);
        return t;
    }

    /** The body for one event; a name missing or a failing expression is an {@link IllegalArgumentException}. */
    static String render(String template, JsonNode event, String line, String link) {
        try {
            return parse(template).data("event", event).data("line", line).data("link", link == null ? "" : link)
                    .render();
        } catch (TemplateException e) {
            // Qute names the Java class it looked in (a Jackson node), which says nothing to whoever wrote the template
            throw new IllegalArgumentException(BASE_OBJECT.matcher(String.valueOf(e.getMessage())).replaceAll(""), e);
        }
    }

    /**
     * Why {@code template} fails on one of the events {@code types} name (every type when empty), or null when it
     * renders them all. Each type's sample ({@link SampleEvents}) has every field its events can have; the maps whose
     * names are the user's own ({@code dimensions}, {@code scope}) answer any name, since only real series tell.
     */
    static String failure(String template, List<String> types) {
        for (String type : types.isEmpty() ? EventTypes.ALL : types) {
            JsonNode event = HookBody.tree(SampleEvents.of(type, new UUID(0, 0), Instant.EPOCH));
            JsonNode data = event.path("data");
            for (String open : OPEN_MAPS) {
                if (data.get(open) instanceof ObjectNode given) {
                    ((ObjectNode) data).set(open, new AnyNames().setAll(given));
                }
            }
            try {
                render(template, event, ChatText.of(event, null), "");
            } catch (IllegalArgumentException e) {
                return "the template fails on a " + type + " event: " + e.getMessage();
            }
        }
        return null;
    }

    /** A field of a JSON object as a plain value (text, number, true/false, null) or a node to read further. */
    private static Object field(EvalContext ctx) {
        JsonNode v = ((JsonNode) ctx.getBase()).get(ctx.getName());
        if (v == null && ctx.getBase() instanceof AnyNames) {
            return "sample";
        }
        if (v == null) {
            return Results.NotFound.from(ctx);
        }
        return v.isTextual() ? v.asText() : v.isNumber() ? v.numberValue() : v.isBoolean() ? (Object) v.asBoolean()
                : v.isNull() ? null : v;
    }

    /** A map of a sample event whose names are the user's own: any name reads as a text. */
    private static final class AnyNames extends ObjectNode {

        AnyNames() {
            super(JsonNodeFactory.instance);
        }
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("template values come from JSON", e);
        }
    }
}

package dev.vigil.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerting.AlertEvents;
import dev.vigil.storage.Json;

/**
 * What one request to a hook carries, by the hook's format: {@code cloudevents}, the event itself as a structured-mode
 * CloudEvent (with the run's {@code traceparent}); {@code chat}, {@code {"text": "..."}}, the form Slack's incoming
 * web hooks take and Mattermost, Rocket.Chat and Google Chat take too; {@code template}, what the hook's template
 * makes of the event ({@link Templates}).
 */
record HookBody(String body, String contentType) {

    static final String CLOUDEVENTS = "cloudevents";
    static final String CHAT = "chat";
    static final String TEMPLATE = "template";
    /** A {@code mailto:} hook's: sent as mail ({@link MailSender}), never as a request body. */
    static final String EMAIL = "email";
    static final String CLOUDEVENTS_TYPE = "application/cloudevents+json; charset=UTF-8";
    static final String JSON_TYPE = "application/json; charset=UTF-8";

    /**
     * @param dashboard the dashboard's address ending in {@code /} for links, or null
     * @param template  the hook's template (format {@code template}), else null
     * @throws IllegalArgumentException when the template fails on this event
     */
    static HookBody of(String format, String event, String traceparent, String dashboard, String template) {
        if (CLOUDEVENTS.equals(format)) {
            return new HookBody(AlertEvents.withTraceparent(event, traceparent), CLOUDEVENTS_TYPE);
        }
        JsonNode node = tree(event);
        String line = ChatText.of(node, dashboard);
        if (TEMPLATE.equals(format)) {
            return new HookBody(Templates.render(template, node, line, ChatText.link(node, dashboard)), JSON_TYPE);
        }
        return new HookBody(Json.mapper().createObjectNode().put("text", line).toString(), JSON_TYPE);
    }

    /** An event as the outbox keeps it, read. */
    static JsonNode tree(String event) {
        try {
            return Json.mapper().readTree(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an outbox payload is not JSON", e);
        }
    }
}

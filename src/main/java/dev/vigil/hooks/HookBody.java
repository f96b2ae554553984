package dev.vigil.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.alerting.AlertEvents;
import dev.vigil.storage.Json;

/**
 * What one request to a hook carries, by the hook's format: {@code cloudevents}, the event itself as a structured-mode
 * CloudEvent (with the run's {@code traceparent}); {@code chat}, {@code {"text": "..."}}, the form Slack's incoming
 * web hooks take and Mattermost, Rocket.Chat and Google Chat take too.
 */
record HookBody(String body, String contentType) {

    static final String CLOUDEVENTS = "cloudevents";
    static final String CHAT = "chat";
    /** A {@code mailto:} hook's: sent as mail ({@link MailSender}), never as a request body. */
    static final String EMAIL = "email";
    static final String CLOUDEVENTS_TYPE = "application/cloudevents+json; charset=UTF-8";
    static final String JSON_TYPE = "application/json; charset=UTF-8";

    /** @param dashboard the dashboard's address ending in {@code /} for links in chat lines, or null */
    static HookBody of(String format, String event, String traceparent, String dashboard) {
        if (!CHAT.equals(format)) {
            return new HookBody(AlertEvents.withTraceparent(event, traceparent), CLOUDEVENTS_TYPE);
        }
        try {
            String text = ChatText.of(Json.mapper().readTree(event), dashboard);
            return new HookBody(Json.mapper().createObjectNode().put("text", text).toString(), JSON_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an outbox payload is not JSON", e);
        }
    }
}

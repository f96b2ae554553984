package dev.vigil.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerting.EventTypes;
import dev.vigil.ingestion.InputRules;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.query.JsonBodies;
import dev.vigil.storage.HookStore.HookSpec;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a hook from a request body, field by field, so that every error names its field ({@code InvalidHook}, 400).
 * Unknown fields are refused (a misspelt {@code type} would otherwise send every event), except the read-only
 * fields of a hook as the API shows it, so a hook read can be changed and put back.
 */
final class HookRequest {

    static final int MAX_URL = 2048;
    static final int MAX_TEXT = 256;
    static final int MAX_RULES = 100;
    static final int MAX_HEADERS = 10;
    static final int MAX_ADDRESSES = 20;
    static final String MAILTO = "mailto";
    /**
     * An address as SMTP takes it without SMTPUTF8: a local part of ASCII letters, digits and RFC 5322's other atom
     * characters (no {@code %}: a mailto: URL would decode it), one @, a host of letters, digits, . and -. Anything
     * else would be refused at every attempt, or worse: the mail client cuts a non-ASCII character to its low byte,
     * and {@code šdmin@} became {@code admin@}.
     */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9!#$&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9.-]{1,253}");
    static final int MAX_HEADER_VALUE = 1024;
    private static final Set<String> FIELDS = Set.of("name", "url", "types", "rules", "enabled", "format", "headers",
            "template", "maxAge");
    /**
     * The shortest maxAge: an anomaly is written after its window has closed and waited for late data, so a shorter
     * one would skip the freshest alerts whenever a run is a little late.
     */
    static final Duration MIN_AGE = Duration.ofMinutes(5);
    /** The longest maxAge, a year and a day: an alert older than that is history, not news, to any receiver. */
    static final Duration MAX_AGE = Duration.ofDays(366);
    private static final Set<String> FORMATS = Set.of(HookBody.CLOUDEVENTS, HookBody.CHAT, HookBody.TEMPLATE);
    private static final Set<String> READ_ONLY = Set.of("id", "createdAt", "updatedAt", "pending", "failed",
            "skipped", "headerNames", "unreadable");
    /** An HTTP header name (RFC 9110's token). */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    /**
     * Names a hook may not set: Vigil's own (type, signature, trace), and those the HTTP client manages itself or
     * refuses (framing, connection, host).
     */
    private static final Set<String> RESERVED = Set.of("content-type", "content-length", "transfer-encoding", "host",
            "connection", "keep-alive", "upgrade", "expect", "te", "trailer", "user-agent", "webhook-id",
            "webhook-timestamp", "webhook-signature", "traceparent", "tracestate");

    /**
     * A hook as read from a request, and its extra headers (null: none given, so a replace keeps the stored ones);
     * {@code maxAgeGiven} false when the body has no {@code maxAge} at all, so a replace keeps the stored one (a
     * client that does not know the field, such as an older form, must not clear it), while {@code null} clears it.
     */
    record Parsed(HookSpec spec, Map<String, String> headers, boolean maxAgeGiven) {
    }

    private HookRequest() {
    }

    static Parsed parse(String body) {
        JsonNode n = JsonBodies.object(body, "InvalidHook", " describing the hook");
        String unknown = JsonBodies.unknownField(n, FIELDS, READ_ONLY);
        if (unknown != null) {
            throw invalid(unknown, JsonBodies.unknownMessage(unknown, "a hook", FIELDS));
        }
        String name = text(n.get("name"), "name");
        if (name == null) {
            throw invalid("name", "name is required");
        }
        InputRules.name(name, "name");
        JsonNode enabled = n.get("enabled");
        if (enabled != null && !enabled.isBoolean()) {
            throw invalid("enabled", "enabled must be true or false");
        }
        String url = url(n.get("url"));
        String format = text(n.get("format"), "format");
        Map<String, String> headers = headers(n.get("headers"));
        if (url.startsWith(MAILTO + ":")) {
            if (format != null && !format.equals(HookBody.EMAIL)) {
                throw invalid("format", "a mailto: hook sends mail: leave format out, or email");
            }
            if (headers != null && !headers.isEmpty()) {
                throw invalid("headers", "a mailto: hook sends mail; headers are for http hooks");
            }
            // none, also when a hook that had some becomes a mail hook: kept, they would go to the next http URL
            headers = Map.of();
            format = HookBody.EMAIL;
        } else if (format != null && !FORMATS.contains(format)) {
            throw invalid("format", "format must be cloudevents (the event as a CloudEvent), chat ({\"text\": ...}) "
                    + "or template (the body of the hook's template); mail goes to a mailto: url");
        }
        List<String> types = types(n.get("types"));
        String template = template(n.get("template"), format, types);
        return new Parsed(new HookSpec(name, url, types, rules(n.get("rules")),
                enabled == null || enabled.asBoolean(), format == null ? HookBody.CLOUDEVENTS : format, template,
                maxAge(n.get("maxAge"))), headers, n.has("maxAge"));
    }

    /** An ISO-8601 duration of whole seconds from {@link #MIN_AGE} to {@link #MAX_AGE}; null or absent: none. */
    private static Duration maxAge(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        Duration d = null;
        if (v.isTextual()) {
            try {
                d = Duration.parse(v.asText());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        if (d == null || d.getNano() != 0 || d.compareTo(MIN_AGE) < 0 || d.compareTo(MAX_AGE) > 0) {
            throw invalid("maxAge", "maxAge must be an ISO-8601 duration of whole seconds from " + MIN_AGE + " to "
                    + MAX_AGE.toDays() + " days (P" + MAX_AGE.toDays() + "D), e.g. PT6H; leave it out to send "
                    + "alerts whatever their age");
        }
        return d;
    }

    /**
     * The template of a {@code template} hook, refused now when it does not parse or fails on an event of the hook's
     * types (else every delivery would be given up); no other format has one.
     */
    private static String template(JsonNode v, String format, List<String> types) {
        boolean wanted = HookBody.TEMPLATE.equals(format);
        if (v == null || v.isNull()) {
            if (wanted) {
                throw invalid("template", "format template needs a template");
            }
            return null;
        }
        if (!wanted) {
            throw invalid("template", "a template is the body of format template; set format to template");
        }
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > Templates.MAX_TEMPLATE) {
            throw invalid("template", "template must be a text of 1 to " + Templates.MAX_TEMPLATE + " characters");
        }
        try {
            Templates.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw invalid("template", "the template does not parse: " + e.getMessage());
        }
        String failure = Templates.failure(v.asText(), types);
        if (failure != null) {
            throw invalid("template", failure + " (.or('') gives a default; types limits the events)");
        }
        return v.asText();
    }

    private static Map<String, String> headers(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw invalid("headers", "headers must be an object of header names and texts");
        }
        if (v.size() > MAX_HEADERS) {
            throw invalid("headers", "headers has at most " + MAX_HEADERS + " entries");
        }
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "headers." + e.getKey();
            if (!TOKEN.matcher(e.getKey()).matches()) {
                throw invalid(field, "a header name is 1 to 64 letters, digits or !#$%&'*+.^_`|~-");
            }
            String lower = e.getKey().toLowerCase(Locale.ROOT);
            if (RESERVED.contains(lower) || lower.startsWith("proxy-")) {
                throw invalid(field, e.getKey() + " is set by Vigil or by HTTP itself, not by a hook");
            }
            String value = e.getValue().isTextual() ? e.getValue().asText() : null;
            // visible ASCII, spaces and tabs (RFC 9110): the HTTP client refuses other text at every delivery, and
            // its error would show the value, which is a credential
            if (value == null || value.length() > MAX_HEADER_VALUE || value.isBlank()
                    || value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c >= 0x7f)) {
                throw invalid(field, "a header value is a text of 1 to " + MAX_HEADER_VALUE
                        + " ASCII characters without line breaks or control characters (encode other text, e.g. "
                        + "percent-encoding)");
            }
            if (out.put(e.getKey(), value) != null) {
                throw invalid(field, e.getKey() + " is named twice");
            }
        }
        return new TreeMap<>(out);
    }

    private static String url(JsonNode v) {
        if (v == null || v.isNull()) {
            throw invalid("url", "url is required");
        }
        if (!v.isTextual() || v.asText().length() > MAX_URL) {
            throw invalid("url", "url must be a text of at most " + MAX_URL + " characters");
        }
        String text = v.asText().strip();
        if (text.regionMatches(true, 0, MAILTO + ":", 0, MAILTO.length() + 1)) {
            // people write "a@x, b@y"; the URI has no spaces
            text = text.replaceAll("\\s*,\\s*", ",");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid("url", "url is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals(MAILTO)) {
            return mailto(uri);
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("url", "url must be an absolute http or https URL, or mailto: with addresses");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid("url", "url must name a host");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            throw invalid("url", "url's port must be 1 to 65535, was " + uri.getPort());
        }
        if (uri.getUserInfo() != null) {
            // the JDK's client would not send them, and they would be shown to every admin: refuse rather than drop
            throw invalid("url", "url must not carry user:password; put a token in the path or query, or in headers");
        }
        if (uri.getFragment() != null) {
            throw invalid("url", "url must not have a fragment");
        }
        return uri.toString();
    }

    /** {@code mailto:a@x.example,b@y.example}: addresses only (no subject or body: Vigil writes those). */
    private static String mailto(URI uri) {
        if (uri.getRawSchemeSpecificPart().contains("?") || uri.getFragment() != null) {
            throw invalid("url", "a mailto: url takes addresses only, comma-separated; Vigil writes subject and body");
        }
        if (uri.getRawSchemeSpecificPart().contains("%")) {
            // stored decoded, it would no longer read back as the URL it came from (a%25b@ became a%b@)
            throw invalid("url", "a mailto: url takes addresses as they are, without percent-encoding");
        }
        List<String> to = MailSender.addresses(uri);
        if (to.isEmpty() || to.size() > MAX_ADDRESSES) {
            throw invalid("url", "a mailto: url names 1 to " + MAX_ADDRESSES + " addresses");
        }
        Set<String> seen = new HashSet<>();
        for (String a : to) {
            if (!ADDRESS.matcher(a).matches()) {
                throw invalid("url", "'" + a + "' is not a mail address (ASCII letters, digits and "
                        + "!#$&'*+/=?^_`{|}~.- before the @, a host name after it)");
            }
            try {
                new InternetAddress(a, true); // what the sender will parse: a dot at either end, two in a row
            } catch (AddressException e) {
                throw invalid("url", "'" + a + "' is not a mail address: " + e.getMessage());
            }
            if (!seen.add(a.toLowerCase(Locale.ROOT))) {
                throw invalid("url", "'" + a + "' is named twice");
            }
        }
        return MAILTO + ":" + String.join(",", to);
    }

    private static List<String> types(JsonNode v) {
        List<String> types = texts(v, "types", EventTypes.ALL.size());
        for (int i = 0; i < types.size(); i++) {
            if (!EventTypes.ALL.contains(types.get(i))) {
                throw invalid("types[" + i + "]", "unknown event type " + types.get(i) + "; the types are "
                        + String.join(", ", EventTypes.ALL));
            }
        }
        return types;
    }

    private static List<String> rules(JsonNode v) {
        return texts(v, "rules", MAX_RULES);
    }

    /** A list of distinct texts, in the given order; null or absent is the empty list. */
    private static List<String> texts(JsonNode v, String field, int max) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw invalid(field, field + " must be an array of texts");
        }
        if (v.size() > max) {
            throw invalid(field, field + " has at most " + max + " entries");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < v.size(); i++) {
            String t = text(v.get(i), field + "[" + i + "]");
            if (t == null) {
                throw invalid(field + "[" + i + "]", field + " entries must be texts");
            }
            if (!seen.add(t)) {
                throw invalid(field + "[" + i + "]", t + " is named twice");
            }
        }
        return new ArrayList<>(seen);
    }

    private static String text(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank() || InputRules.longer(v.asText(), MAX_TEXT)) {
            throw invalid(field, field + " must be a text of 1 to " + MAX_TEXT + " characters");
        }
        return v.asText();
    }

    private static RejectedInput invalid(String field, String message) {
        return new RejectedInput(400, "InvalidHook", field, message);
    }
}

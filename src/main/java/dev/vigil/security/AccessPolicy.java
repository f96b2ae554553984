package dev.vigil.security;

import java.util.Set;

/**
 * Which role a request needs, from its method, path and (for a CloudEvent) its type. Anything not named here
 * needs the {@code read} role, so a new endpoint is closed until it is placed. Public: the dashboard's static files
 * and the libraries it loads from {@code /_static/} (they hold no data; the data comes from the read API), the Azure
 * API, which checks its own header, and the webhook handshake ({@code OPTIONS}) at the ingestion paths.
 */
public final class AccessPolicy {

    /** A requirement: public, or one role. */
    public record Need(Role role) {
        public static final Need PUBLIC = new Need(null);

        public boolean isPublic() {
            return role == null;
        }
    }

    /** The CloudEvent types that carry readings; any other type at a function path asks to run detection. */
    public static final Set<String> READING_TYPES = Set.of("dev.vigil.reading.v1", "dev.vigil.readings.v1");
    /** Funqy routes a CloudEvent by its type whatever the path, so every function path is judged by type. */
    static final Set<String> FUNCTION_PATHS = Set.of("/", "/ingest", "/ingestBatch", "/detect");

    private AccessPolicy() {
    }

    /**
     * @param ceType the CloudEvent type when the request is one and its type is known, else null
     */
    public static Need need(String method, String path, String ceType) {
        String p = path == null || path.isEmpty() ? "/" : path;
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        if (p.startsWith("/anomalydetector/") || p.equals("/anomalydetector")) {
            return Need.PUBLIC;
        }
        // the chart library under /_static/ too: the page loads it with a script tag, which sends no key
        if (read && (p.equals("/") || p.equals("/dashboard") || p.startsWith("/dashboard/")
                || p.startsWith("/_static/") || p.equals("/favicon.ico"))) {
            return Need.PUBLIC;
        }
        // the CloudEvents webhook handshake asks before an emitter delivers; it holds no data, the deliveries need a key
        if ("OPTIONS".equals(method) && FUNCTION_PATHS.contains(p) && !p.equals("/detect")) {
            return Need.PUBLIC;
        }
        if ("POST".equals(method) && FUNCTION_PATHS.contains(p)) {
            if (ceType != null) {
                return new Need(READING_TYPES.contains(ceType) ? Role.INGEST : Role.OPERATE);
            }
            return new Need(p.equals("/detect") ? Role.OPERATE : Role.INGEST);
        }
        if ("POST".equals(method) && p.equals("/readings")) {
            return new Need(Role.INGEST);
        }
        if (p.startsWith("/api/v1/admin/") || p.equals("/api/v1/admin")) {
            return new Need(Role.ADMIN);
        }
        if (p.startsWith("/api/v1/") && !read) {
            return new Need(Role.OPERATE);
        }
        return new Need(Role.READ);
    }
}

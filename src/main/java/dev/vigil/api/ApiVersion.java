package dev.vigil.api;

import java.util.Optional;

/** The Azure Anomaly Detector API versions Vigil answers (the path segment after {@code /anomalydetector/}). */
enum ApiVersion {
    V1_0("v1.0", false),
    V1_1_PREVIEW("v1.1-preview", false),
    V1_1_PREVIEW_1("v1.1-preview.1", true),
    V1_1("v1.1", true);

    private final String path;
    private final boolean severity;

    ApiVersion(String path, boolean severity) {
        this.path = path;
        this.severity = severity;
    }

    /** Whether responses carry {@code severity} (added in v1.1-preview.1). */
    boolean hasSeverity() {
        return severity;
    }

    static Optional<ApiVersion> fromPath(String segment) {
        for (ApiVersion v : values()) {
            if (v.path.equals(segment)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}

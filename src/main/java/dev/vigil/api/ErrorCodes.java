package dev.vigil.api;

/** The univariate error codes of the Azure contract ({@code AnomalyDetectorErrorCodes}). */
final class ErrorCodes {
    static final String INVALID_CUSTOM_INTERVAL = "InvalidCustomInterval";
    static final String BAD_ARGUMENT = "BadArgument";
    static final String INVALID_GRANULARITY = "InvalidGranularity";
    static final String INVALID_PERIOD = "InvalidPeriod";
    static final String INVALID_MODEL_ARGUMENT = "InvalidModelArgument";
    static final String INVALID_SERIES = "InvalidSeries";
    static final String INVALID_JSON_FORMAT = "InvalidJsonFormat";
    static final String REQUIRED_GRANULARITY = "RequiredGranularity";
    static final String REQUIRED_SERIES = "RequiredSeries";
    static final String INVALID_IMPUTE_MODE = "InvalidImputeMode";
    static final String INVALID_IMPUTE_FIXED_VALUE = "InvalidImputeFixedValue";
    /** The service's code for a bad hidden {@code boundaryVersion} (not in the public enum). */
    static final String INVALID_BOUNDARY_VERSION = "InvalidBoundaryVersion";

    private ErrorCodes() {
    }
}

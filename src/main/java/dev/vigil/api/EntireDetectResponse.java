package dev.vigil.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The service's {@code EntireDetectResponse}, one entry per caller point in the caller's order; {@code severity}
 * only for API versions that have it (null leaves it out). Plain arrays rather than a JSON tree: a tree of a
 * thousand-point answer is 7,000 nodes built and walked per request, for the same text.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"period", "expectedValues", "upperMargins", "lowerMargins", "isAnomaly", "isNegativeAnomaly",
    "isPositiveAnomaly", "severity"})
record EntireDetectResponse(
        @JsonProperty("period") int period,
        @JsonProperty("expectedValues") double[] expectedValues,
        @JsonProperty("upperMargins") double[] upperMargins,
        @JsonProperty("lowerMargins") double[] lowerMargins,
        @JsonProperty("isAnomaly") boolean[] isAnomaly,
        @JsonProperty("isNegativeAnomaly") boolean[] isNegativeAnomaly,
        @JsonProperty("isPositiveAnomaly") boolean[] isPositiveAnomaly,
        @JsonProperty("severity") double[] severity) {
}

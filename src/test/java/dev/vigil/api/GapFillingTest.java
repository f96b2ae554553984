package dev.vigil.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.detection.batch.BatchDetector;
import dev.vigil.detection.batch.BatchSettings;
import org.junit.jupiter.api.Test;

/** Which series get their grid gaps filled before detection (plain unit test, no Quarkus). */
class GapFillingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final UnivariateDetection detection = new UnivariateDetection();

    /** A non-periodic daily step series with days 20..24 missing. */
    private static String gappyStep(String imputeMode) {
        String full = SeriesJson.step(60, 40, 10, 30).with("\"imputeMode\": \"" + imputeMode + "\"").build();
        return full.replaceAll("\\{\"timestamp\":\"2023-01-2[1-5]T00:00:00Z\",\"value\":[0-9.]+\\},", "");
    }

    private JsonNode entire(String body) throws Exception {
        return JSON.valueToTree(detection.entire(UnivariateRequest.detection(JSON.readTree(body)), ApiVersion.V1_1));
    }

    private static double[] expected(JsonNode answer) {
        double[] out = new double[answer.get("expectedValues").size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = answer.get("expectedValues").get(i).asDouble();
        }
        return out;
    }

    @Test
    void autoJudgesANonPeriodicSeriesOnTheCallersPointsOnly() throws Exception {
        JsonNode answer = entire(gappyStep("auto"));
        assertEquals(0, answer.get("period").asInt());
        double[] raw = new double[55];
        for (int i = 0, k = 0; i < 60; i++) {
            if (i < 20 || i > 24) {
                raw[k++] = (i < 40 ? 10 : 30) + 0.1 * (i % 3);
            }
        }
        double[] alone = BatchDetector.detectEntire(raw, new BatchSettings(0, 99, 0.25, false)).expected();
        assertArrayEquals(alone, expected(answer), 1e-9);
    }

    @Test
    void anExplicitModeStillFillsTheGrid() throws Exception {
        double[] auto = expected(entire(gappyStep("auto")));
        double[] linear = expected(entire(gappyStep("linear")));
        assertEquals(55, linear.length);
        assertNotEquals(auto[30], linear[30], 1e-9);
    }

    /** 30 daily points spread over 100 days (70 % of the grid missing). */
    private static String sparse(String members) {
        StringBuilder sb = new StringBuilder("{\"granularity\":\"daily\",\"series\":[");
        java.time.Instant t = java.time.Instant.parse("2023-01-01T00:00:00Z");
        for (int k = 0; k < 30; k++) {
            int day = k * 100 / 30 + (k == 29 ? 99 - 29 * 100 / 30 : 0);
            sb.append(k == 0 ? "" : ",").append("{\"timestamp\":\"").append(t.plus(java.time.Duration.ofDays(day)))
                    .append("\",\"value\":").append(10 + (k % 5)).append('}');
        }
        return sb.append("]").append(members).append('}').toString();
    }

    @Test
    void overAHalfMissingGridTheServiceDetectsNoPeriodButExplicitModesStillFill() throws Exception {
        JsonNode auto = entire(sparse(""));
        assertEquals(0, auto.get("period").asInt());
        double[] previous = expected(entire(sparse(",\"imputeMode\":\"previous\"")));
        assertEquals(30, previous.length);
        // "previous" judges the filled 100-day grid, "auto" the 30 points alone: different expected values
        assertNotEquals(expected(auto)[15], previous[15], 1e-9);
        // a given period above 1 is refused on such a grid, as the service refused it
        AzureApiException e = org.junit.jupiter.api.Assertions.assertThrows(AzureApiException.class,
                () -> entire(sparse(",\"period\":5")));
        assertEquals(ErrorCodes.INVALID_SERIES, e.code());
    }

    @Test
    void microsecondPointsOneMillisecondApartLieOnConsecutiveGridSlots() throws Exception {
        StringBuilder sb = new StringBuilder("{\"granularity\":\"microsecond\",\"period\":4,\"series\":[");
        java.time.Instant t = java.time.Instant.parse("2023-01-01T00:00:00Z");
        for (int i = 0; i < 24; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"timestamp\":\"").append(t.plusMillis(i))
                    .append("\",\"value\":").append(10 + i % 4).append('}');
        }
        JsonNode answer = entire(sb.append("]}").toString());
        assertEquals(4, answer.get("period").asInt());
        assertEquals(24, answer.get("expectedValues").size());
    }
}

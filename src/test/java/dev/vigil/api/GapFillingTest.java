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
        return detection.entire(UnivariateRequest.detection(JSON.readTree(body)), ApiVersion.V1_1);
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
}

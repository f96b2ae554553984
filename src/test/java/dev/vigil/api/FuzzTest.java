package dev.vigil.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * No input may produce a 500. Seeded random mutations of a valid body (characters flipped, fields replaced by odd
 * JSON values, numbers pushed to extremes) are sent to every endpoint; every answer must be 200 or a 4xx.
 */
@QuarkusTest
class FuzzTest {

    private static final String[] ODD_VALUES = {"null", "true", "-1", "0", "1e308", "-1e308", "NaN", "-Infinity",
        "\"\"", "\"x\"", "[]", "{}", "[null]", "[{}]", "1.5", "99999999999999999999999", "0.0000001", "[[1]]"};
    private static final String[] FIELDS = {"series", "granularity", "customInterval", "period", "sensitivity",
        "maxAnomalyRatio", "imputeMode", "imputeFixedValue", "stableTrendWindow", "threshold", "value", "timestamp"};
    private static final String[] ENDPOINTS = {"entire", "last", "changepoint"};

    @Test
    void noMutationCausesA5xx() {
        Random rnd = new Random(20261123);
        String valid = SeriesJson.hourly(30, 4, 7, 50.0).with("\"period\": 4, \"sensitivity\": 90").build();
        for (int round = 0; round < 150; round++) {
            String body = mutate(valid, rnd);
            String endpoint = ENDPOINTS[round % ENDPOINTS.length];
            int status = given().header(SubscriptionKeyFilter.KEY_HEADER, TimeSeriesResourceTest.KEY).body(body)
                    .when().post("/anomalydetector/v1.1/timeseries/" + endpoint + "/detect")
                    .then().extract().statusCode();
            assertTrue(status == 200 || (status >= 400 && status < 500), status + " for " + endpoint + ": " + body);
        }
    }

    private static String mutate(String valid, Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> { // replace one field's value with an odd JSON value
                String field = FIELDS[rnd.nextInt(FIELDS.length)];
                String odd = ODD_VALUES[rnd.nextInt(ODD_VALUES.length)];
                yield valid.replaceFirst("\"" + field + "\":\\s*(\"[^\"]*\"|[-0-9.eE]+)", "\"" + field + "\":" + odd)
                        + (rnd.nextBoolean() ? "" : "");
            }
            case 1 -> { // flip a few characters
                char[] c = valid.toCharArray();
                for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                    c[rnd.nextInt(c.length)] = "{}[],:\"0-.eNx ".charAt(rnd.nextInt(14));
                }
                yield new String(c);
            }
            case 2 -> valid.substring(0, rnd.nextInt(valid.length())); // truncated
            default -> valid.replaceAll("\"value\":[-0-9.eE]+", "\"value\":" + extreme(rnd)); // every value extreme
        };
    }

    private static String extreme(Random rnd) {
        String[] e = {"1e100", "-1e100", "0", "1e-300", "4.9e-324", "1.7976931348623157e308"};
        return e[rnd.nextInt(e.length)];
    }
}

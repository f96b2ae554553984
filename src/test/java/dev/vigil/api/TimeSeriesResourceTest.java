package dev.vigil.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The three endpoints over HTTP: shapes per version, the detection outcome on a clear spike, and auth. */
@QuarkusTest
class TimeSeriesResourceTest {

    static final String KEY = "test-key-1";

    @Test
    void entireFlagsTheSpikeAndOmitsSeverityInV10() {
        String body = SeriesJson.hourly(48, 4, 30, 100.0).build();
        given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).contentType(ContentType.JSON).body(body)
                .when().post("/anomalydetector/v1.0/timeseries/entire/detect")
                .then().statusCode(200)
                // the service's correlogram takes lags above 4 only: a 4-point cycle is found as its double
                .body("period", equalTo(8))
                .body("expectedValues", hasSize(48))
                .body("isAnomaly[30]", equalTo(true))
                .body("isPositiveAnomaly[30]", equalTo(true))
                .body("isAnomaly[29]", equalTo(false))
                .body("$", not(hasKey("severity")));
    }

    @Test
    void entireHasSeverityFromV11Preview1() {
        String body = SeriesJson.hourly(48, 4, 30, 100.0).build();
        for (String version : new String[] {"v1.1-preview.1", "v1.1"}) {
            given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).body(body)
                    .when().post("/anomalydetector/" + version + "/timeseries/entire/detect")
                    .then().statusCode(200)
                    .body("severity", hasSize(48))
                    .body("severity[30]", equalTo(1.0f))
                    .body("severity[0]", equalTo(0.0f));
        }
    }

    @Test
    void lastJudgesTheNewestPoint() {
        String body = SeriesJson.hourly(48, 4, 47, 100.0).build();
        given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).body(body)
                .when().post("/anomalydetector/v1.1/timeseries/last/detect")
                .then().statusCode(200)
                .body("period", equalTo(8)) // lags above 4 only, as in the service's correlogram
                .body("suggestedWindow", equalTo(33))
                .body("isAnomaly", equalTo(true))
                .body("isPositiveAnomaly", equalTo(true))
                .body("isNegativeAnomaly", equalTo(false));
    }

    @Test
    void theHiddenBoundaryVersionIsAcceptedAndV3AnswersWithTheTrendBasedBand() {
        String body = SeriesJson.hourly(48, 4, 30, 100.0).with("\"boundaryVersion\": \"V3\"").build();
        given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).body(body)
                .when().post("/anomalydetector/v1.1/timeseries/entire/detect")
                .then().statusCode(200)
                .body("isAnomaly[30]", equalTo(true))
                .body("upperMargins", hasSize(48));
        for (String v : new String[] {"V1", "V2"}) {
            given().header(SubscriptionKeyFilter.KEY_HEADER, KEY)
                    .body(SeriesJson.hourly(48, 4, 30, 100.0).with("\"boundaryVersion\": \"" + v + "\"").build())
                    .when().post("/anomalydetector/v1.1/timeseries/last/detect")
                    .then().statusCode(200);
        }
    }

    @Test
    void changePointFindsALevelShift() {
        String body = SeriesJson.step(60, 30, 10, 50).granularity("daily").build();
        given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).body(body)
                .when().post("/anomalydetector/v1.1-preview/timeseries/changepoint/detect")
                .then().statusCode(200)
                .body("isChangePoint", hasSize(60))
                .body("isChangePoint[30]", equalTo(true))
                .body("isChangePoint[29]", equalTo(false))
                .body("isChangePoint[40]", equalTo(false));
    }

    @Test
    void gapsAreFilledButAnswersStayAlignedWithTheCallersPoints() {
        // drop hours 10..13 from a 48-hour series: 44 points in, 44 answers out, the spike still found
        String full = SeriesJson.hourly(48, 4, 30, 100.0).with("\"imputeMode\": \"linear\"").build();
        String gappy = full.replaceAll("\\{\"timestamp\":\"2023-01-01T1[0-3]:00:00Z\",\"value\":[0-9.]+\\},", "");
        given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).body(gappy)
                .when().post("/anomalydetector/v1.1/timeseries/entire/detect")
                .then().statusCode(200)
                .body("isAnomaly", hasSize(44))
                .body("isAnomaly[26]", equalTo(true))
                .body("isAnomaly.findAll { it }", hasSize(1));
    }

    @Test
    void missingOrWrongKeyIs401() {
        String body = SeriesJson.hourly(24, 4, 5, 10.0).build();
        given().body(body).when().post("/anomalydetector/v1.1/timeseries/entire/detect")
                .then().statusCode(401).body("error.code", equalTo("401"));
        given().header(SubscriptionKeyFilter.KEY_HEADER, "nope").body(body)
                .when().post("/anomalydetector/v1.1/timeseries/last/detect")
                .then().statusCode(401);
        given().header(SubscriptionKeyFilter.KEY_HEADER, "test-key-2").body(body)
                .when().post("/anomalydetector/v1.1/timeseries/last/detect")
                .then().statusCode(200);
    }

    @Test
    void unknownVersionIs404() {
        given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).body(SeriesJson.hourly(24, 4, 5, 10.0).build())
                .when().post("/anomalydetector/v9.9/timeseries/entire/detect")
                .then().statusCode(404).header("x-ms-error-code", equalTo("404"));
    }

    @Test
    void otherEndpointsKeepVigilsErrorShape() {
        given().get("/api/v1/no-such-thing").then().statusCode(404)
                .header(ApiExceptionMappers.ERROR_HEADER, nullValue()).body("code", equalTo("NotFound"));
        given().contentType("application/json").body("{}").put("/api/v1/series").then().statusCode(405)
                .header(ApiExceptionMappers.ERROR_HEADER, nullValue()).body("code", equalTo("MethodNotAllowed"));
    }
}

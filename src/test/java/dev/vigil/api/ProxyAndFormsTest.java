package dev.vigil.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testing.MvDataResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two things a walk with the real Azure clients found: behind a TLS-terminating proxy the links Vigil answered with
 * were {@code http://} (both SDKs refuse to send a key over one, so paging failed), and a form content type held the
 * connection for a minute before an empty reply.
 */
@QuarkusTest
@QuarkusTestResource(MvDataResource.class)
class ProxyAndFormsTest {

    private static final String MV = "/anomalydetector/v1.1/multivariate";
    private static final String PROXIED = "https://vigil.example.com" + MV;

    private static RequestSpecification azure() {
        // a hang must fail the test, not stall it
        return given().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 10_000).setParam("http.connection.timeout", 10_000)))
                .header(SubscriptionKeyFilter.KEY_HEADER, TimeSeriesResourceTest.KEY);
    }

    @Test
    void linksFollowTheSchemeAndHostTheProxyForwarded() {
        String source = MvData.file("proxied.csv", MvData.oneTable(MvData.TRAIN).getBytes(StandardCharsets.UTF_8));
        List<String> ids = new ArrayList<>();
        for (String forwarded : new String[] {"x-forwarded", "forwarded"}) {
            RequestSpecification proxied = forwarded.equals("forwarded")
                    ? azure().header("Forwarded", "proto=https;host=vigil.example.com")
                    : azure().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "vigil.example.com");
            String location = proxied.contentType("application/json")
                    .body(MultivariateApiTest.trainBody(source, MvData.TRAIN, "")).post(MV + "/models").then()
                    .statusCode(201).extract().header("Location");
            assertTrue(location.startsWith(PROXIED + "/models/"), forwarded + ": " + location);
            ids.add(location.substring(location.lastIndexOf('/') + 1));
        }
        azure().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "vigil.example.com")
                .queryParam("top", 1).get(MV + "/models").then().statusCode(200)
                .body("nextLink", startsWith(PROXIED + "/models?"));
        // without a proxy's headers the links are the request's own
        azure().queryParam("top", 1).get(MV + "/models").then().statusCode(200)
                .body("nextLink", startsWith("http://localhost:"));
        ids.forEach(id -> azure().delete(MV + "/models/" + id).then().statusCode(204));
    }

    @Test
    void aFormContentTypeIsRefusedAtOnce() {
        for (String type : new String[] {"multipart/form-data", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded"}) {
            long t0 = System.nanoTime();
            raw(type).header(SubscriptionKeyFilter.KEY_HEADER, TimeSeriesResourceTest.KEY).body("{\"series\": []}")
                    .post("/anomalydetector/v1.1/timeseries/entire/detect").then().statusCode(415)
                    .body("code", equalTo("415")).body("message", containsString("application/json"));
            raw(type).header(SubscriptionKeyFilter.KEY_HEADER, TimeSeriesResourceTest.KEY).body("{}")
                    .post(MV + "/models").then().statusCode(415);
            raw(type).body("{}").post("/api/v1/alert-rules").then().statusCode(415)
                    .body("code", equalTo("UnsupportedMediaType"));
            raw(type).body("{}").post("/readings").then().statusCode(415).body("code", equalTo("UnsupportedMediaType"));
            // an empty "form" is no body: an action that takes none still works (curl -d '', RestAssured)
            raw(type).header(SubscriptionKeyFilter.KEY_HEADER, TimeSeriesResourceTest.KEY)
                    .get(MV + "/models").then().statusCode(200);
            raw(type).post("/api/v1/silence/1/dismiss").then().statusCode(404);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            // the hang was a minute; the first request of a cold test JVM on a loaded machine takes seconds
            assertTrue(millis < 8_000, type + " took " + millis + " ms");
        }
    }

    /** A body sent as it is under {@code type}, which RestAssured would otherwise encode as a form. */
    private static RequestSpecification raw(String type) {
        return given().config(RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
                        .encodeContentTypeAs(type.replaceFirst(";.*", ""), ContentType.TEXT))
                .httpClient(HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 10_000)))
                .contentType(type);
    }
}

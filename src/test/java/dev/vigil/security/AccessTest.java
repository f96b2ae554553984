package dev.vigil.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each role against each class of endpoint: no key 401, a key without the role 403, the role's key 2xx. */
@QuarkusTest
@TestProfile(KeyedProfile.class)
class AccessTest {

    private static final String READING = "{\"metric\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}";

    @Inject
    Db db;

    @BeforeEach
    void clean() {
        db.reset();
    }

    /** An endpoint class: how to call it, and the one role that opens it. */
    enum Call {
        PLAIN_READINGS("ingest") {
            int send(RequestSpecification r) {
                return r.contentType("application/json").body(READING).post("/readings").statusCode();
            }
        },
        BINARY_CLOUDEVENT("ingest") {
            int send(RequestSpecification r) {
                return r.contentType("application/json").header("ce-id", "a" + System.nanoTime())
                        .header("ce-specversion", "1.0").header("ce-source", "/t").header("ce-type", "dev.vigil.reading.v1")
                        .body(READING).post("/").statusCode();
            }
        },
        STRUCTURED_CLOUDEVENT("ingest") {
            int send(RequestSpecification r) {
                return r.contentType("application/cloudevents+json").body("{\"specversion\":\"1.0\",\"id\":\"s"
                        + System.nanoTime() + "\",\"source\":\"/t\",\"type\":\"dev.vigil.reading.v1\","
                        + "\"datacontenttype\":\"application/json\",\"data\":" + READING + "}").post("/").statusCode();
            }
        },
        BATCHED_CLOUDEVENTS("ingest") {
            int send(RequestSpecification r) {
                return r.contentType("application/cloudevents-batch+json").body("[{\"specversion\":\"1.0\",\"id\":\"b"
                        + System.nanoTime() + "\",\"source\":\"/t\",\"type\":\"dev.vigil.reading.v1\","
                        + "\"datacontenttype\":\"application/json\",\"data\":" + READING + "}]").post("/").statusCode();
            }
        },
        READ_API("read") {
            int send(RequestSpecification r) {
                return r.get("/api/v1/overview").statusCode();
            }
        },
        TRIGGER("operate") {
            int send(RequestSpecification r) {
                return r.contentType("application/json").body("{}").post("/api/v1/detection/runs").statusCode();
            }
        },
        // a read key may list silences, not dismiss a scope's (with nothing open the operate key gets 200, 0)
        SILENCE_SCOPE_DISMISSAL("operate") {
            int send(RequestSpecification r) {
                return r.contentType("application/json").body("{\"scope\": {}}").post("/api/v1/silence/dismiss")
                        .statusCode();
            }
        },
        TRIGGER_BY_BINARY_CLOUDEVENT("operate") {
            int send(RequestSpecification r) {
                return r.contentType("application/json").header("ce-id", "d" + System.nanoTime())
                        .header("ce-specversion", "1.0").header("ce-source", "/ping")
                        .header("ce-type", "dev.vigil.detection.requested.v1").body("{}").post("/ingest").statusCode();
            }
        },
        TRIGGER_BY_STRUCTURED_CLOUDEVENT("operate") {
            int send(RequestSpecification r) {
                return r.contentType("application/cloudevents+json").body("{\"specversion\":\"1.0\",\"id\":\"p"
                        + System.nanoTime() + "\",\"source\":\"/ping\",\"type\":\"dev.knative.sources.ping\","
                        + "\"datacontenttype\":\"application/json\",\"data\":{}}").post("/").statusCode();
            }
        },
        ADMIN("admin") {
            int send(RequestSpecification r) {
                return r.get("/api/v1/admin/keys").statusCode();
            }
        },
        HOOKS("admin") {
            int send(RequestSpecification r) {
                return r.get("/api/v1/admin/hooks").statusCode();
            }
        },
        METRICS("admin") {
            int send(RequestSpecification r) {
                return r.get("/api/v1/admin/metrics").statusCode();
            }
        };

        final String role;

        Call(String role) {
            this.role = role;
        }

        abstract int send(RequestSpecification r);
    }

    static Stream<Arguments> calls() {
        return Stream.of(Call.values()).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("calls")
    void eachEndpointClassNeedsItsRole(Call call) {
        assertEquals(401, call.send(given()), call + " without a key");
        assertEquals(401, call.send(given().header("Authorization", "Bearer not-a-key")), call + " with an unknown key");
        for (String[] key : new String[][] {{"ingest", KeyedProfile.INGEST}, {"read", KeyedProfile.READ},
                {"operate", KeyedProfile.OPERATE}, {"admin", KeyedProfile.ADMIN}}) {
            int status = call.send(given().header("Authorization", "Bearer " + key[1]));
            if (key[0].equals(call.role)) {
                assertEquals(2, status / 100, call + " with the " + key[0] + " key answered " + status);
            } else {
                assertEquals(403, status, call + " with the " + key[0] + " key");
            }
        }
        // X-API-Key works as well as the bearer header
        assertEquals(2, call.send(given().header("X-API-Key", KeyedProfile.ALL)) / 100, call + " with X-API-Key");
    }

    @Test
    void onlyAnAdminKeyChangesAMetricsAggregation() {
        given().header("Authorization", "Bearer " + KeyedProfile.INGEST).contentType("application/json")
                .body(READING).post("/readings").then().statusCode(200);
        String sum = "{\"aggregation\": \"sum\"}";
        given().contentType("application/json").body(sum).put("/api/v1/admin/metrics/m").then().statusCode(401);
        for (String key : new String[] {KeyedProfile.INGEST, KeyedProfile.READ, KeyedProfile.OPERATE}) {
            given().header("Authorization", "Bearer " + key).contentType("application/json").body(sum)
                    .put("/api/v1/admin/metrics/m").then().statusCode(403);
        }
        assertEquals(0, db.count("select count(*) from metric_aggregation"));
        given().header("Authorization", "Bearer " + KeyedProfile.ADMIN).contentType("application/json").body(sum)
                .put("/api/v1/admin/metrics/m").then().statusCode(200).body("aggregation", equalTo("sum"));
    }

    @Test
    void theWebhookHandshakeNeedsNoKeyButTheDeliveryDoes() {
        given().header("WebHook-Request-Origin", "eventgrid.azure.net").options("/").then().statusCode(200)
                .header("WebHook-Allowed-Origin", "eventgrid.azure.net");
        given().options("/api/v1/series").then().statusCode(401);
    }

    @Test
    void refusalsUseVigilsErrorBodyAndNameWhatIsMissing() {
        given().get("/api/v1/series").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .body("code", equalTo("Unauthorized")).body("message", containsString("Authorization: Bearer"));
        given().header("Authorization", "Bearer " + KeyedProfile.INGEST).get("/api/v1/series").then().statusCode(403)
                .body("code", equalTo("Forbidden")).body("message", containsString("read"));
    }

    @Test
    void theDashboardsFilesArePublicItsDataIsNot() {
        given().get("/dashboard/").then().statusCode(200);
        given().get("/dashboard/api.js").then().statusCode(200);
        given().get("/api/v1/overview").then().statusCode(401);
    }

    @Test
    void adminSeesKeyNamesAndRolesNeverSecrets() {
        String body = given().header("Authorization", "Bearer " + KeyedProfile.ADMIN).get("/api/v1/admin/keys")
                .then().statusCode(200).extract().asString();
        assertEquals(-1, body.indexOf("secret-"), body);
        given().header("Authorization", "Bearer " + KeyedProfile.ADMIN).get("/api/v1/admin/keys")
                .then().body("size()", equalTo(7)) // five of VIGIL_KEYS, two Azure-only keys of VIGIL_API_KEYS
               .body("find { it.roles.size() == 5 }.roles", org.hamcrest.Matchers
                        .hasItems("ingest", "read", "operate", "admin", "azure"));
    }

    @Test
    void azureKeysFromVigilKeysOpenTheAzureApi() {
        given().header("Ocp-Apim-Subscription-Key", KeyedProfile.ALL).contentType("application/json")
                .body("{\"series\":[]}").post("/anomalydetector/v1.1/timeseries/entire/detect")
                .then().statusCode(400);
        // a known key without the role: 403 as everywhere (README, "Roles"), in the gateway's body shape
        given().header("Ocp-Apim-Subscription-Key", KeyedProfile.READ).contentType("application/json")
                .body("{\"series\":[]}").post("/anomalydetector/v1.1/timeseries/entire/detect")
                .then().statusCode(403).body("error.code", equalTo("403"))
                .body("error.message", org.hamcrest.Matchers.containsString("azure"));
        given().header("Ocp-Apim-Subscription-Key", "no-such-key").contentType("application/json")
                .body("{\"series\":[]}").post("/anomalydetector/v1.1/timeseries/entire/detect")
                .then().statusCode(401).body("error.code", equalTo("401"));
        // the multivariate API: the same keys; with no key at all its own 400 SubscriptionNotInHeaders
        given().header("Ocp-Apim-Subscription-Key", KeyedProfile.ALL).get("/anomalydetector/v1.1/multivariate/models")
                .then().statusCode(200);
        given().header("Ocp-Apim-Subscription-Key", KeyedProfile.READ).get("/anomalydetector/v1.1/multivariate/models")
                .then().statusCode(403).body("error.code", equalTo("403"));
        given().get("/anomalydetector/v1.1/multivariate/models").then().statusCode(400)
                .header("x-ms-error-code", "SubscriptionNotInHeaders");
    }

    @Test
    void feedbackIsStoredUnderTheNameOfTheKeyThatGaveIt() {
        given().header("Authorization", "Bearer " + KeyedProfile.INGEST).contentType("application/json")
                .body(READING).post("/readings").then().statusCode(200);
        String series = String.valueOf(dev.vigil.aggregation.SeriesKey.of("m", java.util.Map.of()).id());
        String operator = given().header("Authorization", "Bearer " + KeyedProfile.ADMIN).get("/api/v1/admin/keys")
                .then().extract().path("find { it.roles == ['operate'] }.name");
        given().header("Authorization", "Bearer " + KeyedProfile.OPERATE).contentType("application/json")
                .body("{\"seriesId\": \"" + series + "\", \"windowStart\": \"2026-11-01T00:00:00Z\", \"kind\": "
                        + "\"anomaly\", \"comment\": \"seen on site\"}")
                .post("/api/v1/feedback").then().statusCode(201).body("[0].givenBy", equalTo(operator));
        assertEquals(1, db.count("select count(*) from feedback where given_by = ? and comment = 'seen on site'",
                operator));
        assertEquals(true, operator.startsWith("key-"), operator);
    }
}

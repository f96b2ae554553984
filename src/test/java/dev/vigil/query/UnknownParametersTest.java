package dev.vigil.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.RestQuery;
import org.junit.jupiter.api.Test;

/**
 * A query parameter an endpoint does not read is refused, not ignored: a walk found {@code ?metric=} and
 * {@code ?until=} on the anomalies and incidents lists answered 200 with everything, which a client takes for a
 * filtered answer. The Azure-compatible API and the dashboard's files keep ignoring them.
 */
@QuarkusTest
class UnknownParametersTest {

    private static ValidatableResponse refused(Response r, String field) {
        return r.then().statusCode(400).body("code", equalTo("InvalidParameter")).body("field", equalTo(field))
                .body("message", containsString("unknown query parameter '" + field + "'"));
    }

    @Test
    void aMisspelledOrUnsupportedFilterIsRefusedNamingItAndWhatTheEndpointTakes() {
        refused(given().get("/api/v1/anomalies?sinse=2026-11-01T00:00:00Z"), "sinse")
                .body("message", containsString("GET /api/v1/anomalies takes since, "));
        refused(given().get("/api/v1/incidents?voltage=230"), "voltage")
                .body("message", containsString("takes status, since, "));
        refused(given().get("/api/v1/series/1/chart?fro=2026-11-01T00:00:00Z"), "fro")
                .body("message", containsString("/api/v1/series/1/chart takes from, to, span, maxPoints"));
        refused(given().get("/api/v1/overview?limit=5"), "limit")
                .body("message", containsString("takes no query parameters"));
        refused(given().get("/api/v1/runs?limit=5&page=2"), "page");
        refused(given().contentType("application/json").body("{}").post("/api/v1/alert-rules/preview?form=x"), "form");
    }

    @Test
    void knownParametersAndOtherApisAreAnsweredAsBefore() {
        given().get("/api/v1/runs?limit=5").then().statusCode(200);
        given().get("/api/v1/series?metric=m&q=x&sort=key&period=P7D&page=0&size=5").then().statusCode(200);
        given().get("/api/v1/incidents?status=open&limit=5").then().statusCode(200);
        // a value that is empty still names a parameter the endpoint reads
        given().get("/api/v1/anomalies?since=").then().statusCode(200);
        // Azure's service ignores parameters it does not know, and clients written for it may send some
        given().header("Ocp-Apim-Subscription-Key", "test-key-1").get("/anomalydetector/v1.1/multivariate/models?x=1")
                .then().statusCode(200);
        given().get("/dashboard/app.js?v=2").then().statusCode(200);
    }

    @Test
    void whatAnEndpointTakesIsReadFromItsMethod() throws NoSuchMethodException {
        KnownParameters.Accepted a = KnownParameters.Accepted.of(Sample.class.getDeclaredMethod("read", String.class,
                String.class, Paging.class, String.class));
        assertEquals(Set.of("q", "from", "page", "size"), a.names());
        assertEquals(List.of("dim."), a.prefixes());
        assertEquals(true, a.takes("dim.region"));
        assertEquals(false, a.takes("dimregion"));
        assertEquals(false, a.takes("body"));
    }

    static class Paging {
        @QueryParam("page")
        String page;
        @RestQuery
        String size;
    }

    static class Sample {
        @QueryPrefix("dim.")
        void read(@QueryParam("q") String q, @RestQuery("from") String from, @BeanParam Paging paging, String body) {
        }
    }
}

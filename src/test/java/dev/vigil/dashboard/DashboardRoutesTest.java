package dev.vigil.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testing.Db;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page is served by Vigil, GET / leads to it, POST / is still the CloudEvents entry, the API is documented. */
@QuarkusTest
class DashboardRoutesTest {

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @Inject
    Db db;

    @Test
    void getRootRedirectsToTheDashboard() {
        given().redirects().follow(false).get("/").then().statusCode(302).header("Location", "/dashboard/");
        given().redirects().follow(false).get("/dashboard").then().statusCode(302)
                .header("Location", "/dashboard/");
        given().get("/dashboard/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<title>Vigil</title>"));
    }

    @Test
    void theIconIsServedWhereBrowsersLookForIt() {
        given().get("/dashboard/").then().body(containsString("<link rel=\"icon\" href=\"favicon.svg\""));
        given().redirects().follow(false).get("/favicon.ico").then().statusCode(302)
                .header("Location", "/dashboard/favicon.svg");
        given().get("/dashboard/favicon.svg").then().statusCode(200).contentType(containsString("image/svg+xml"))
                .body(containsString("<svg"));
    }

    @Test
    void postRootStillTakesCloudEvents() {
        db.reset();
        given().contentType("application/json").header("ce-id", "dash-1").header("ce-specversion", "1.0")
                .header("ce-source", "/dash").header("ce-type", "dev.vigil.reading.v1")
                .body("{\"metric\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}")
                .post("/").then().statusCode(200).header("ce-type", "dev.vigil.ingested.v1")
                .body("accepted", equalTo(1));
    }

    @Test
    void theChartLibraryIsServedLocally() {
        String html = given().get("/dashboard/index.html").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("id=\"echarts-script\" href=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), "the page names its echarts script");
        assertTrue(m.group(1).startsWith("/"), "served by Vigil, not a CDN: " + m.group(1));
        given().get(m.group(1)).then().statusCode(200).body(containsString("echarts"));
        for (String module : new String[] {"app.js", "api.js", "overview.js", "series-list.js", "series-view.js",
                "chart-option.js", "format.js", "incidents.js", "feedback.js", "rules.js", "metrics.js", "style.css"}) {
            given().get("/dashboard/" + module).then().statusCode(200);
        }
    }

    @Test
    void theDashboardsFilesAreRevalidatedSoAnUpgradeOrRollbackIsSeenAtOnce() {
        for (String path : new String[] {"/dashboard/", "/dashboard/index.html", "/dashboard/app.js",
                "/dashboard/hooks.js", "/dashboard/style.css"}) {
            String modified = given().get(path).then().statusCode(200).header("Cache-Control", "no-cache")
                    .extract().header("Last-Modified");
            given().header("If-Modified-Since", modified).get(path).then().statusCode(304);
        }
    }

    @Test
    void theReadApiIsDocumented() {
        given().relaxedHTTPSValidation().baseUri("https://localhost").port(management.getPort()).get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/v1/series/{id}/chart")).body(containsString("/api/v1/overview"))
                // numeric parameters are read as text (to answer 400, not 404, to "abc") but documented as numbers
                .body("paths.'/api/v1/series/{id}/chart'.get.parameters.find { it.name == 'maxPoints' }.schema.type",
                        equalTo("integer"))
                .body("paths.'/api/v1/anomalies'.get.parameters.find { it.name == 'minSeverity' }.schema.type",
                        equalTo("number"))
                // each operation documents the role it needs and the key schemes
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("components.securitySchemes.apiKey.name", equalTo("X-API-Key"))
                .body("paths.'/api/v1/overview'.get.x-vigil-role", equalTo("read"))
                .body("paths.'/api/v1/detection/runs'.post.x-vigil-role", equalTo("operate"))
                .body("paths.'/api/v1/admin/keys'.get.x-vigil-role", equalTo("admin"))
                .body("paths.'/readings'.post.x-vigil-role", equalTo("ingest"));
        given().relaxedHTTPSValidation().baseUri("https://localhost").port(management.getPort()).get("/q/swagger-ui/").then().statusCode(200);
    }
}

package dev.vigil.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * What a walk of the Azure-compatible API answered with a 500, an empty body, the framework's own words or another
 * id than the one sent: a century-long hourly series, an import zip of many compressed entries, a body over the
 * limit, a short-form model id, an unknown path. Nothing of it may be stored.
 */
@QuarkusTest
class AzureHardeningTest {

    private static final String MV = "/anomalydetector/v1.1/multivariate";

    private static RequestSpecification azure() {
        return given().header(SubscriptionKeyFilter.KEY_HEADER, TimeSeriesResourceTest.KEY);
    }

    @Test
    void aSeriesSpanningCenturiesIsJudgedOrRefusedNeverA500() {
        // 24 hourly points whose first lies in 1700: the grid index overflowed a long of nanoseconds
        String early = SeriesJson.hourly(24, 4, 5, 10.0).build().replaceFirst("2023-01-01T00:00:00Z", "1700-01-01T00:00:00Z");
        for (String op : new String[] {"entire", "last", "changepoint"}) {
            int status = azure().contentType("application/json").body(early)
                    .post("/anomalydetector/v1.1/timeseries/" + op + "/detect").then().extract().statusCode();
            assertEquals(true, status == 200 || status == 400, op + " answered " + status);
        }
        // secondly points 73 years apart lie more than 2^31 intervals apart: said so, not "invalid in secondly"
        String secondly = SeriesJson.hourly(24, 4, 5, 10.0).granularity("secondly").build()
                .replaceFirst("2023-01-01T00:00:00Z", "1950-01-01T00:00:00Z");
        azure().contentType("application/json").body(secondly).post("/anomalydetector/v1.1/timeseries/entire/detect")
                .then().statusCode(400).body("code", equalTo("InvalidSeries")).body("message", containsString("spans"));
    }

    @Test
    void anImportIsRefusedBeforeItsEntriesInflate() throws IOException {
        int models = azure().get(MV + "/models").then().statusCode(200).extract().path("currentCount");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("padding"));
            zip.write(new byte[8 << 20]);
            zip.closeEntry();
        }
        azure().contentType("application/zip").body(bytes.toByteArray()).post(MV + "/models/import").then()
                .statusCode(400).body("code", equalTo("BadArgument")).body("message", containsString("other than"));
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(big)) {
            zip.putNextEntry(new ZipEntry("model.json"));
            zip.write(new byte[2 << 20]);
            zip.closeEntry();
        }
        azure().contentType("application/zip").body(big.toByteArray()).post(MV + "/models/import").then()
                .statusCode(400).body("message", containsString("model.json is larger than"));
        azure().get(MV + "/models").then().statusCode(200).body("currentCount", equalTo(models));
    }

    @Test
    void aModelIdIsTheOneSentOrNone() {
        azure().get(MV + "/models/1-1-1-1-1").then().statusCode(404).body("code", equalTo("ModelNotExist"))
                .body("message", containsString("1-1-1-1-1"));
    }

    @Test
    void refusalsOfTheFrameworkSpeakTheApisLanguage() {
        azure().contentType("application/json").body(SeriesJson.hourly(24, 4, 5, 10.0).build())
                .post("/anomalydetector/v1.1/timeseries/Entire/detect").then().statusCode(404)
                .body("message", equalTo("There is no resource at this path."));
        azure().contentType("application/json").accept("application/xml").body(SeriesJson.hourly(24, 4, 5, 10.0).build())
                .post("/anomalydetector/v1.1/timeseries/entire/detect").then().statusCode(406)
                .body("message", not(containsString("@Produces")));
        byte[] tooLarge = new byte[9 << 20];
        java.util.Arrays.fill(tooLarge, (byte) ' ');
        azure().contentType("application/json").body(tooLarge).post("/anomalydetector/v1.1/timeseries/entire/detect")
                .then().statusCode(413).header(ApiExceptionMappers.ERROR_HEADER, equalTo("InvalidFileSize"))
                .body("code", equalTo("InvalidFileSize"));
        given().contentType("application/json").body(tooLarge).post("/api/v1/alert-rules").then().statusCode(413)
                .body("code", equalTo("BodyTooLarge"));
    }
}

package dev.vigil.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigil.testing.MvDataResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Detection on the model's grid and alignment: the newest timestamp of a last detection is answered even off the
 * grid, and an {@code Inner} model counts its history in aligned rows, so a variable observed every fifth minute
 * does not need five times the history.
 */
@QuarkusTest
@QuarkusTestResource(MvDataResource.class)
class MultivariateAlignmentTest {

    private static final Instant DAY = Instant.parse("2022-01-01T00:00:00Z");

    @Test
    void theNewestTimestampOffTheGridIsAnsweredInItsGridCell() {
        String id = MultivariateApiTest.train(MvData.serve("off-grid.csv", MvData.oneTable(MvData.TRAIN)));
        MultivariateApiTest.awaitModel(id);
        String newest = MvData.time(100).plusSeconds(30).toString();
        String last = MultivariateApiTest.lastBody(100, 40, "variable", "\"topContributorCount\":1")
                .replace(MvData.time(100).toString(), newest);
        JsonPath r = MultivariateErrorsTest.post("/models/" + id + ":detect-last", last).statusCode(200)
                .extract().jsonPath();
        assertEquals(1, r.getList("results").size(), r.prettify());
        assertEquals(MvData.time(100).toString(), r.getString("results[0].timestamp"));
        assertNotNull(r.get("results[0].value"), r.prettify());
        delete(id);
    }

    /** {@code a} and {@code c = -a} every minute, {@code b = 2a} every fifth minute, from {@link #DAY}. */
    private static byte[] sparseZip(int minutes) {
        Random random = new Random(7);
        StringBuilder a = new StringBuilder("timestamp,value\n");
        StringBuilder b = new StringBuilder("timestamp,value\n");
        StringBuilder c = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < minutes; i++) {
            double v = 10 + 3 * Math.sin(i / 15.0) + 0.1 * random.nextGaussian();
            String t = DAY.plusSeconds(60L * i).toString();
            a.append(t).append(',').append(String.format(Locale.ROOT, "%.5f", v)).append('\n');
            c.append(t).append(',').append(String.format(Locale.ROOT, "%.5f", -v + 0.1 * random.nextGaussian()))
                    .append('\n');
            if (i % 5 == 0) {
                b.append(t).append(',').append(String.format(Locale.ROOT, "%.5f", 2 * v + 0.1 * random.nextGaussian()))
                        .append('\n');
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String[] f : new String[][] {{"a", a.toString()}, {"b", b.toString()}, {"c", c.toString()}}) {
                zip.putNextEntry(new ZipEntry(f[0] + ".csv"));
                zip.write(f[1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    @Test
    void anInnerModelCountsItsHistoryInAlignedRows() {
        String source = MvData.serve("sparse.zip", sparseZip(1440 + 121));
        String train = "{\"dataSource\":\"" + source + "\",\"dataSchema\":\"MultiTable\",\"startTime\":\"" + DAY
                + "\",\"endTime\":\"" + DAY.plusSeconds(86_399) + "\",\"slidingWindow\":28,"
                + "\"alignPolicy\":{\"alignMode\":\"Inner\",\"fillNAMethod\":\"NotFill\"}}";
        String id = MultivariateErrorsTest.post("/models", train).statusCode(201).extract().path("modelId");
        JsonPath model = MultivariateApiTest.awaitModel(id);
        assertEquals("READY", model.getString("modelInfo.status"), model.prettify());

        String batch = "{\"dataSource\":\"" + source + "\",\"startTime\":\"" + DAY.plusSeconds(86_400)
                + "\",\"endTime\":\"" + DAY.plusSeconds(86_400 + 7200) + "\"}";
        String resultId = MultivariateErrorsTest.post("/models/" + id + ":detect-batch", batch).statusCode(202)
                .extract().path("resultId");
        JsonPath result = MultivariateApiTest.awaitResult(resultId);
        assertEquals("READY", result.getString("summary.status"), result.prettify());
        List<Object> errors = result.getList("results.errors");
        assertEquals(25, errors.size(), result.prettify());
        errors.forEach(e -> assertNull(e, result.prettify()));

        // 300 minutes of a and c, 60 of b: 60 aligned rows, more than the 28 the window needs
        StringBuilder last = new StringBuilder("{\"variables\":[");
        Random random = new Random(3);
        for (String v : new String[] {"a", "b", "c"}) {
            int every = v.equals("b") ? 5 : 1;
            StringBuilder times = new StringBuilder();
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < 300; i += every) {
                double x = 10 + 3 * Math.sin(i / 15.0) + 0.1 * random.nextGaussian();
                x = v.equals("b") ? 2 * x : v.equals("c") ? -x : x;
                times.append(times.length() == 0 ? "" : ",").append('"').append(DAY.plusSeconds(60L * i)).append('"');
                values.append(values.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f", x));
            }
            last.append(v.equals("a") ? "" : ",").append("{\"variable\":\"").append(v).append("\",\"timestamps\":[")
                    .append(times).append("],\"values\":[").append(values).append("]}");
        }
        last.append("],\"topContributorCount\":1}");
        JsonPath r = MultivariateErrorsTest.post("/models/" + id + ":detect-last", last.toString()).statusCode(200)
                .extract().jsonPath();
        assertEquals(DAY.plusSeconds(60L * 295).toString(), r.getString("results[0].timestamp"), r.prettify());
        assertNotNull(r.get("results[0].value"), r.prettify());
        delete(id);
    }

    private static void delete(String id) {
        io.restassured.RestAssured.given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY)
                .delete(MultivariateApiTest.BASE + "/models/" + id).then().statusCode(204);
    }
}

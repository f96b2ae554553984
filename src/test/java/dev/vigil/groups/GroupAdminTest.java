package dev.vigil.groups;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.vigil.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Group rules through the admin API: stored once, every bad field named with its code, nothing half-stored. */
@QuarkusTest
class GroupAdminTest {

    static final String PATH = "/api/v1/admin/groups";

    @Inject
    Db db;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    void aDailyGroupTrainsOnMoreThanNinetyDays() {
        // 100 rows of a day are 100 days: the span's old cap of P90D refused every daily group
        given().contentType("application/json").body("{\"name\":\"meters\",\"metrics\":[\"kwh\"],"
                + "\"step\":\"P1D\",\"trainingSpan\":\"P365D\"}").post(PATH).then().statusCode(201)
                .body("trainingSpan", equalTo("P365D")).body("step", equalTo("P1D"));
        // the rows a 5-minute group may train on stay those of 90 days
        given().contentType("application/json").body("{\"name\":\"fine\",\"metrics\":[\"kwh\"],"
                + "\"trainingSpan\":\"P91D\"}").post(PATH).then().statusCode(400)
                .body("code", equalTo("InvalidTrainingSpan")).body("message", containsString("at most 25920"));
    }

    @Test
    void aDailyGroupWithoutASpanTrainsOnAYearAndAnHourlyOneOnThirtyDays() {
        // P30D holds 30 daily rows, and a model needs 100: the default span refused every daily group that left it out
        given().contentType("application/json").body("{\"name\":\"meters\",\"metrics\":[\"kwh\"],"
                + "\"step\":\"P1D\"}").post(PATH).then().statusCode(201)
                .body("trainingSpan", equalTo("P365D"));
        given().contentType("application/json").body("{\"name\":\"halves\",\"metrics\":[\"kwh\"],"
                + "\"step\":\"PT12H\"}").post(PATH).then().statusCode(201)
                .body("trainingSpan", equalTo("P365D"));
        given().contentType("application/json").body("{\"name\":\"hourly\",\"metrics\":[\"kwh\"],"
                + "\"step\":\"PT1H\"}").post(PATH).then().statusCode(201)
                .body("trainingSpan", equalTo("P30D"));
        given().contentType("application/json").body("{\"name\":\"fine\",\"metrics\":[\"kwh\"]}").post(PATH)
                .then().statusCode(201).body("trainingSpan", equalTo("P30D"));
    }

    @Test
    void aRuleIsCreatedReadReplacedAndDeleted() {
        given().contentType("application/json").body("{\"name\":\"servers\",\"metrics\":[\"cpu\",\"mem\"],"
                + "\"by\":[\"host\"],\"aggregate\":\"MAX\",\"fill\":\"fixed\",\"fillValue\":-1,\"trainingSpan\":\"P7D\"}")
                .post(PATH).then().statusCode(201).body("aggregate", equalTo("max")).body("fill", equalTo("fixed"))
                .body("fillValue", equalTo(-1.0f)).body("trainingSpan", equalTo("P7D"))
                .body("source", equalTo("api")).body("revision", equalTo(1)).body("step", equalTo("PT5M"));
        given().contentType("application/json").body("{\"name\":\"servers\",\"metrics\":[\"cpu\"]}").post(PATH)
                .then().statusCode(409).body("code", equalTo("GroupExists")).body("field", equalTo("name"));
        given().get(PATH).then().statusCode(200).body("$", hasSize(1)).body("[0].by[0]", equalTo("host"));

        given().contentType("application/json").body("{\"metrics\":[\"cpu\",\"mem\",\"disk\"],\"by\":[\"host\"]}")
                .put(PATH + "/servers").then().statusCode(200).body("revision", equalTo(2))
                .body("fill", equalTo("linear")).body("fillValue", nullValue()).body("aggregate", equalTo("mean"));
        given().contentType("application/json").body("{\"metrics\":[\"cpu\",\"mem\",\"disk\"],\"by\":[\"host\"]}")
                .put(PATH + "/servers").then().statusCode(200).body("revision", equalTo(2));
        given().contentType("application/json").body("{\"metrics\":[\"cpu\",\"mem\",\"disk\"],\"by\":[\"host\"],"
                + "\"step\":\"PT1H\"}").put(PATH + "/servers").then().statusCode(200).body("revision", equalTo(3))
                .body("step", equalTo("PT1H"));
        given().contentType("application/json").body("{\"name\":\"other\",\"metrics\":[\"cpu\"]}")
                .put(PATH + "/servers").then().statusCode(400).body("field", equalTo("name"));
        // a misspelt field is refused, naming it; a rule as read is taken back (its source and revision ignored)
        given().contentType("application/json").body("{\"metrics\":[\"cpu\"],\"trainingspan\":\"P7D\"}")
                .put(PATH + "/servers").then().statusCode(400).body("code", equalTo("UnknownField"))
                .body("field", equalTo("trainingspan"));
        String read = given().get(PATH + "/servers").then().statusCode(200).extract().asString();
        given().contentType("application/json").body(read).put(PATH + "/servers").then().statusCode(200)
                .body("revision", equalTo(3)).body("step", equalTo("PT1H"));

        given().get("/api/v1/groups/servers").then().statusCode(200).body("entities", equalTo(0))
                .body("metrics", hasSize(3));
        given().get("/api/v1/groups/servers/models?entity=m1").then().statusCode(400)
                .body("code", equalTo("InvalidParameter")).body("field", equalTo("entity"));
        given().get("/api/v1/groups/servers/entities/x/results").then().statusCode(400).body("field", equalTo("entity"));
        given().get("/api/v1/groups/servers/entities/1/results?anomalies=yes").then().statusCode(400)
                .body("field", equalTo("anomalies"));
        given().delete(PATH + "/servers").then().statusCode(204);
        given().get(PATH + "/servers").then().statusCode(404).body("code", equalTo("GroupNotFound"));
        given().delete(PATH + "/servers").then().statusCode(404);
        given().contentType("application/json").body("{}").post("/api/v1/groups/servers/training").then()
                .statusCode(404).body("code", equalTo("GroupNotFound"));
        given().get("/api/v1/groups/servers/entities").then().statusCode(404).body("code", equalTo("GroupNotFound"));
        given().get("/api/v1/groups/servers").then().statusCode(404).body("code", equalTo("GroupNotFound"))
                .body("field", equalTo("name"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"metrics\":[\"a\"]}                                              | InvalidGroupName    | name",
        "{\"name\":\"a b\",\"metrics\":[\"a\"]}                              | InvalidGroupName    | name",
        "{\"name\":7,\"metrics\":[\"a\"]}                                    | InvalidGroupName    | name",
        "{\"name\":\"g\"}                                                    | InvalidMetrics      | metrics",
        "{\"name\":\"g\",\"metrics\":[]}                                     | InvalidMetrics      | metrics",
        "{\"name\":\"g\",\"metrics\":[\"a\",\"a\"]}                          | InvalidMetrics      | metrics",
        "{\"name\":\"g\",\"metrics\":[\"a\",1]}                              | InvalidMetrics      | metrics[1]",
        "{\"name\":\"g\",\"metrics\":[\"a\",\"\"]}                           | InvalidMetrics      | metrics[1]",
        "{\"name\":\"g\",\"metrics\":[\"a\"],\"by\":\"meter\"}               | InvalidBy           | by",
        "{\"name\":\"g\",\"metrics\":[\"a\"],\"aggregate\":\"median\"}       | InvalidAggregate    | aggregate",
        "{\"name\":\"g\",\"metrics\":[\"a\"],\"fill\":\"spline\"}            | InvalidFill         | fill",
        "{\"name\":\"g\",\"metrics\":[\"a\"],\"fill\":\"fixed\"}             | InvalidFillValue    | fillValue",
        "{\"name\":\"g\",\"metrics\":[\"a\"],\"fillValue\":\"x\"}            | InvalidFillValue    | fillValue",
        "{\"name\":\"g\",\"metrics\":[\"a\"],\"trainingSpan\":\"PT1H\"}      | InvalidTrainingSpan | trainingSpan",
        "{\"name\":\"g\",\"metrics\":[\"a\"],\"trainingSpan\":\"month\"}     | InvalidTrainingSpan | trainingSpan",
        "{\"name\":\"g\",\"metrics\":[\"a\"],\"trainingSpan\":\"P365D\"}     | InvalidTrainingSpan | trainingSpan",
        "{\"name\":\"g\",\"metrics\":[\"a\"],\"trainingSpan\":\"P401D\",\"step\":\"P1D\"} | InvalidTrainingSpan "
                + "| trainingSpan",
        "{\"name\":\"g\",\"metrics\":[\"a\"],\"trainingSpan\":\"P90D\",\"step\":\"P1D\"} | InvalidTrainingSpan "
                + "| trainingSpan",
        "{\"name\":\"g\",\"metrics\":[\"a\"],\"step\":\"PT7M\"}              | InvalidStep         | step",
        "{\"name\":\"g\",\"metrics\":[\"a\"],\"step\":\"PT7H\"}              | InvalidStep         | step",
        "{\"name\":\"g\",\"metrics\":[\"a\"],\"step\":\"P2D\"}               | InvalidStep         | step",
        "{\"name\":\"g\",\"metrics\":[\"a\"],\"step\":\"-PT1H\"}             | InvalidStep         | step",
        "{\"name\":\"g\",\"metrics\":[\"a\"],\"step\":60}                    | InvalidStep         | step",
        "{\"name\":\"g\",\"metrics\":[\"a\"],\"step\":\"PT12H\",\"trainingSpan\":\"P30D\"} | InvalidTrainingSpan "
                + "| trainingSpan",
    })
    void aBadFieldIsNamedAndNothingIsStored(String body, String code, String field) {
        given().contentType("application/json").body(body).post(PATH).then().statusCode(400)
                .body("code", equalTo(code)).body("field", equalTo(field));
        given().get(PATH).then().statusCode(200).body("$", hasSize(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"[1]|MalformedJson", "{|MalformedJson", "' '|EmptyBody"})
    void aBodyThatIsNoRuleIsRefused(String body, String code) {
        given().contentType("application/json").body(body).post(PATH).then().statusCode(400)
                .body("code", equalTo(code));
    }
}

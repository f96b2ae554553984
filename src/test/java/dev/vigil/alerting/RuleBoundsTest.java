package dev.vigil.alerting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.testing.Db;
import dev.vigil.testing.Rules;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules API's bounds and answers as a walk of it found them wanting, on real PostgreSQL: how many rules may be
 * stored, which error comes first, and a preview's errors matching create's.
 */
@QuarkusTest
class RuleBoundsTest {

    @Inject
    Db db;

    @BeforeEach
    void clean() {
        db.reset();
    }

    private static ValidatableResponse post(String path, String body) {
        return given().contentType("application/json").body(body).post(path).then();
    }

    @Test
    void theNumberOfStoredRulesIsBounded() {
        db.exec("insert into alert_rule (name, min_severity, direction, min_consecutive, snooze_seconds, max_per_hour) "
                + "select 'r' || i, 0, 'both', 1, 3600, 100 from generate_series(1, "
                + (AlertRuleService.MAX_RULES - 1) + ") i");
        long last = Rules.create("{\"name\": \"last\", \"enabled\": false}");
        post("/api/v1/alert-rules", "{\"name\": \"one more\"}").statusCode(409)
                .body("code", equalTo("TooManyRules"));
        // a stored rule can still be changed, and a deleted one makes room
        given().contentType("application/json").body("{\"name\": \"last\"}").put("/api/v1/alert-rules/" + last)
                .then().statusCode(200);
        given().delete("/api/v1/alert-rules/" + last).then().statusCode(204);
        Rules.create("{\"name\": \"one more\"}");
        assertEquals(AlertRuleService.MAX_RULES, db.count("select count(*) from alert_rule"));
    }

    @Test
    void aMissingRuleIsNotFoundWhateverItsNewNameIsAndNullEnabledIsTheDefault() {
        Rules.create("{\"name\": \"taken\"}");
        given().contentType("application/json").body("{\"name\": \"taken\"}").put("/api/v1/alert-rules/999999")
                .then().statusCode(404);
        post("/api/v1/alert-rules", "{\"name\": \"n\", \"enabled\": null}").statusCode(201)
                .body("enabled", equalTo(true));
    }

    @Test
    void aPreviewOfAnUnknownGroupIsRefusedAsCreateRefusesIt() {
        String body = "{\"name\": \"try\", \"group\": \"nope\"}";
        String created = post("/api/v1/alert-rules", body).statusCode(400).body("code", equalTo("InvalidRule"))
                .body("field", equalTo("group")).extract().path("message");
        post("/api/v1/alert-rules/preview", body).statusCode(400).body("code", equalTo("InvalidRule"))
                .body("field", equalTo("group")).body("message", equalTo(created));
    }

    @Test
    void namesBesideTheDefaultAndWholeDaysAreDecidedAtTheApi() {
        post("/api/v1/alert-rules", "{\"name\": \"Default\"}").statusCode(400).body("field", equalTo("name"));
        post("/api/v1/alert-rules", "{\"name\": \" default\"}").statusCode(400)
                .body("code", equalTo("InvalidCharacter")).body("field", equalTo("name"));
        post("/api/v1/alert-rules", "{\"name\": \"weekend\", \"maintenance\": [{\"every\": \"week\", \"days\": "
                + "[\"saturday\"], \"start\": \"00:00\", \"end\": \"24:00\"}]}").statusCode(201)
                .body("maintenance[0].end", equalTo("24:00"));
        assertEquals(1, db.count("select count(*) from alert_rule"));
    }
}

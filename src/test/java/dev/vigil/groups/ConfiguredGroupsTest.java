package dev.vigil.groups;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rule given in configuration is stored at start-up with the API's defaults and is read-only through the API. */
@QuarkusTest
@TestProfile(ConfiguredGroupsTest.WithRule.class)
class ConfiguredGroupsTest {

    public static class WithRule implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.groups.rules.feeders.metrics", "voltage,current",
                    "vigil.groups.rules.feeders.by", "feeder",
                    "vigil.groups.rules.feeders.fill", "previous",
                    "vigil.groups.rules.feeders.step", "PT15M");
        }
    }

    @Test
    void aConfiguredRuleIsStoredAndReadOnly() {
        given().get("/api/v1/admin/groups/feeders").then().statusCode(200).body("source", equalTo("config"))
                .body("metrics[1]", equalTo("current")).body("by[0]", equalTo("feeder"))
                .body("fill", equalTo("previous")).body("aggregate", equalTo("mean"))
                .body("trainingSpan", equalTo("P30D")).body("step", equalTo("PT15M"));
        given().contentType("application/json").body("{\"metrics\":[\"voltage\"]}").put("/api/v1/admin/groups/feeders")
                .then().statusCode(409).body("code", equalTo("ConfiguredGroup")).body("field", equalTo("name"));
        given().delete("/api/v1/admin/groups/feeders").then().statusCode(409).body("code", equalTo("ConfiguredGroup"));
    }
}

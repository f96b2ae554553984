package dev.vigil.groups;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.storage.GroupStore;
import dev.vigil.storage.RuleStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A rule given in configuration is stored at start-up with the API's defaults and is read-only through the API; one
 * that leaves the configuration is deleted at the next start, unless alert rules are scoped to it.
 */
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

    @Inject
    GroupStore groups;
    @Inject
    RuleStore rules;
    @Inject
    GroupConfig config;
    @Inject
    AggregationConfig windows;
    @Inject
    ConfiguredGroups configured;

    @Test
    void aConfiguredRuleWithAlertRulesStopsTheStartWhenItLeavesTheConfiguration() {
        long rule = given().contentType("application/json")
                .body("{\"name\":\"feeder faults\",\"group\":\"feeders\"}").post("/api/v1/alert-rules").then()
                .statusCode(201).extract().jsonPath().getLong("id");
        ConfiguredGroups without = new ConfiguredGroups(groups, rules, withoutRules(), windows);
        IllegalStateException stop = assertThrows(IllegalStateException.class, () -> without.write(null));
        assertEquals("vigil.groups.rules.feeders left the configuration, but alert rules are scoped to group feeders: "
                + "feeder faults; change or delete those rules first, or keep the group configured", stop.getMessage());
        given().get("/api/v1/admin/groups/feeders").then().statusCode(200);

        given().delete("/api/v1/alert-rules/" + rule).then().statusCode(204);
        without.write(null);
        given().get("/api/v1/admin/groups/feeders").then().statusCode(404);
        configured.write(null); // as the next start with the configuration back
        given().get("/api/v1/admin/groups/feeders").then().statusCode(200).body("source", equalTo("config"));
    }

    /** This test's configuration with vigil.groups.rules emptied, as after an operator removed the group. */
    private GroupConfig withoutRules() {
        return (GroupConfig) Proxy.newProxyInstance(GroupConfig.class.getClassLoader(),
                new Class<?>[] {GroupConfig.class},
                (proxy, method, args) -> "rules".equals(method.getName()) ? Map.of() : method.invoke(config, args));
    }
}

package dev.vigil.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Asks for an alert rule's preview and reads its counts per outcome, to compare with stored decisions. */
public final class RulePreviews {

    private RulePreviews() {
    }

    /** The preview of the rule {@code body} over the period {@code query} ({@code from=...&to=...}); 200 expected. */
    public static JsonPath preview(String body, String query) {
        return given().contentType("application/json").body(body).post("/api/v1/alert-rules/preview?" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    /** The preview's windows per outcome. */
    public static Map<String, Long> outcomes(JsonPath p) {
        Map<String, Long> out = new TreeMap<>();
        List<String> names = p.getList("outcomes.outcome");
        List<Number> counts = p.getList("outcomes.windows");
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), counts.get(i).longValue());
        }
        return out;
    }

    /** Stored decisions per outcome, from {@code table} ({@code alert_decision} or {@code group_decision}). */
    public static Map<String, Long> stored(Db db, String table) {
        Map<String, Long> out = new TreeMap<>();
        db.rows("select outcome, count(*) as n from " + table + " group by outcome")
                .forEach(r -> out.put((String) r.get("outcome"), ((Number) r.get("n")).longValue()));
        return out;
    }
}

package dev.vigil.testing;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

/** Stores alert rules through the API and reads what they decided, for tests of rules' conditions. */
public final class Rules {

    private Rules() {
    }

    /** Stores the rule {@code body} (201 expected) and returns its id. */
    public static long create(String body) {
        return given().contentType("application/json").body(body).post("/api/v1/alert-rules").then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    /** How many decisions of the named rule on window {@code window} (of {@link Series}) have this outcome. */
    public static long decided(Db db, String rule, int window, String outcome) {
        return db.count("select count(*) from alert_decision d join alert_rule r on r.id = d.rule_id "
                + "where r.name = ? and d.window_start = ?::timestamptz and d.outcome = ?", rule,
                Series.windowStart(window).toString(), outcome);
    }

    /** Every alerted decision, oldest window first: the rule's name and the window (ISO-8601, UTC). */
    public static List<Map<String, Object>> alerts(Db db) {
        return db.rows("""
                select r.name as rule,
                       to_char(d.window_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as window
                from alert_decision d join alert_rule r on r.id = d.rule_id
                where d.outcome = 'alerted' order by d.window_start, r.name""");
    }
}

package dev.vigil.alerting;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alerting.RulePreview.Preview;
import dev.vigil.alerting.RulePreview.SubjectCount;
import dev.vigil.groups.Entities;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.GroupResultStore;
import dev.vigil.storage.GroupResultStore.GroupResult;
import dev.vigil.storage.GroupResultStore.VariableContribution;
import dev.vigil.storage.GroupRule;
import dev.vigil.storage.GroupStore;
import dev.vigil.testing.Db;
import dev.vigil.testing.Meters;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A group rule's preview over more anomalies than it decides keeps the newest, cut at a window time as a metric
 * rule's preview is ({@code RulePreviewTest}): the period starts at the window after the newest time left out, and
 * the anomalies of one time are all decided or none. Real PostgreSQL.
 */
@QuarkusTest
class GroupRulePreviewCutTest {

    private static final String GROUP = "{\"name\":\"meters\",\"metrics\":[\"power\",\"current\",\"voltage\","
            + "\"temperature\"],\"by\":[\"meter\"]}";
    private static final String RULE = """
            {"name": "pairs", "group": "meters", "minConsecutive": 2}""";

    @Inject
    Db db;
    @Inject
    GroupStore groups;
    @Inject
    GroupResultStore results;
    @Inject
    RuleCoverage coverage;
    @Inject
    RulePreview preview;

    @BeforeEach
    void seed() {
        db.reset();
        given().contentType("application/json").body(GROUP).post("/api/v1/admin/groups").then().statusCode(201);
        Meters.post("m1", 0, 3, Integer.MAX_VALUE, 0, 7);
        Meters.post("m2", 0, 3, Integer.MAX_VALUE, 0, 8);
        GroupRule rule = groups.rule("meters").orElseThrow();
        List<Entities.Entity> entities = Entities.of(rule, groups.series(rule.metrics()));
        assertEquals(2, entities.size());
        // m1 anomalous in windows 100, 101, 102, 104 and 105; m2 in 102, 104 and 105: no anomaly at 103
        List<GroupResult> rows = new ArrayList<>();
        for (int w : new int[] {100, 101, 102, 104, 105}) {
            rows.add(anomaly(entities.get(0), w));
        }
        for (int w : new int[] {102, 104, 105}) {
            rows.add(anomaly(entities.get(1), w));
        }
        results.save(rows);
    }

    @Test
    void aCutPeriodStartsAtTheWindowAfterTheNewestTimeLeftOut() {
        // newest first: 105 105 104 104 | 102 102 101 100; four decided, window 102 left out
        Preview p = preview(4);
        assertTrue(p.truncated());
        assertEquals(Meters.windowStart(103), p.from(), "the window after the one left out, anomalous or not");
        assertEquals(Meters.windowStart(288), p.to());
        assertEquals(4, p.flagged());
        assertEquals(2, p.subjects());
        assertEquals(Map.of("meters{meter=m1}", 2L, "meters{meter=m2}", 2L), flaggedBySubject(p));
    }

    @Test
    void theAnomaliesOfTheBoundaryTimeAreAllDecidedOrNone() {
        // five fit, yet only one of window 102's two anomalies would: neither is decided
        Preview none = preview(5);
        assertTrue(none.truncated());
        assertEquals(Meters.windowStart(103), none.from());
        assertEquals(4, none.flagged());

        // six take both of window 102's; 101 is left out
        Preview both = preview(6);
        assertTrue(both.truncated());
        assertEquals(Meters.windowStart(102), both.from());
        assertEquals(6, both.flagged());
        assertEquals(Map.of("meters{meter=m1}", 3L, "meters{meter=m2}", 3L), flaggedBySubject(both));

        // as many as the period holds: nothing cut
        Preview all = preview(8);
        assertFalse(all.truncated());
        assertEquals(Meters.windowStart(0), all.from());
        assertEquals(8, all.flagged());
    }

    private Preview preview(int maxFlagged) {
        AlertRule rule = RuleRequest.parse(RULE, coverage.defaultRule());
        return QuarkusTransaction.requiringNew().call(() -> preview.preview(rule, Meters.windowStart(0),
                Meters.windowStart(288), Duration.ofMinutes(5), maxFlagged, RulePreview.MAX_READS));
    }

    private static Map<String, Long> flaggedBySubject(Preview p) {
        return p.top().stream().collect(Collectors.toMap(SubjectCount::key, SubjectCount::flagged));
    }

    private static GroupResult anomaly(Entities.Entity e, int window) {
        return new GroupResult("meters", Long.toString(e.id()), Meters.windowStart(window), "1", true, 2, 0.5, 1,
                List.of(new VariableContribution("power", 1.0, 10.0, 5.0, List.of())), Meters.windowStart(window));
    }
}

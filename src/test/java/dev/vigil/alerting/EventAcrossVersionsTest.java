package dev.vigil.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.Rules;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A series' open event when a version that does not follow events scored some of its windows: before V89, or an
 * older replica beside a newer one during a rolling update, or a rollback and upgrade again. Such a version moves the
 * state's last window on and leaves the stored event as it was. Found by the upgrade walk: a jump in progress at the
 * upgrade never alerted under minConsecutive 3, and an event the older version had ended was continued after the
 * next upgrade, which alerted on a value inside the band.
 */
@QuarkusTest
class EventAcrossVersionsTest {

    // four days of 5-minute history: the detector judges after three
    private static final int HISTORY = 1152;

    @Inject
    Db db;
    @Inject
    DetectionRun run;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    void anEventAnOlderVersionScoredPastTheRulesWindowsAlertsOnceAtTheFirstWindowAfterTheUpgrade() {
        Rules.create("{\"name\":\"three\",\"metric\":\"flow\",\"dimensions\":{\"meter\":\"a\"},\"minConsecutive\":3}");
        Rules.create("{\"name\":\"twelve\",\"metric\":\"flow\",\"dimensions\":{\"meter\":\"a\"},"
                + "\"minConsecutive\":12}");
        Series.steady("flow", "a", HISTORY + 12, 1);
        for (int w = HISTORY; w < HISTORY + 9; w++) {
            Series.at("flow", "a", w, 30); // the level twice over for 45 minutes
        }
        run.run(Series.nowAfter(HISTORY - 2));
        run.run(Series.nowAfter(HISTORY + 1)); // the flag: waiting for consecutive windows
        assertEquals(List.of("consecutive", "consecutive"), outcomes(HISTORY));
        // the older version scores the next three windows. It counts flagged windows only, so its second flag waits
        // too; it decides no unflagged window and keeps no event (before V89 it had no columns for one)
        run.run(Series.nowAfter(HISTORY + 4));
        String after = Series.windowStart(HISTORY).toString();
        db.exec("delete from alert_decision d where d.window_start > '" + after + "' and not exists (select 1 from "
                + "anomaly_result r where r.series_id = d.series_id and r.window_start = d.window_start and "
                + "r.is_anomaly)");
        db.exec("update alert_decision set outcome = 'consecutive' where window_start > '" + after + "'");
        db.exec("delete from alert_outbox");
        db.exec("update series_state set open_event = null, event_as_of = null");
        assertEquals(List.of(), Rules.alerts(db));

        run.run(Series.nowAfter(HISTORY + 7));
        run.run(Series.nowAfter(HISTORY + 10));
        assertEquals(List.of(Map.of("rule", "three", "window", (Object) Series.windowStart(HISTORY + 4).toString())),
                Rules.alerts(db), "once, at the first window this version scored; twelve windows were never reached");
    }

    @Test
    void anEventAnOlderVersionEndedIsNotContinuedAfterTheUpgrade() {
        Rules.create("{\"name\":\"three\",\"metric\":\"flow\",\"dimensions\":{\"meter\":\"a\"},\"minConsecutive\":3}");
        Series.steady("flow", "a", HISTORY + 12, 1);
        Series.at("flow", "a", HISTORY, 30);
        Series.at("flow", "a", HISTORY + 1, 30);
        Series.at("flow", "a", HISTORY + 3, 30); // HISTORY + 2 is back to normal
        run.run(Series.nowAfter(HISTORY - 2));
        run.run(Series.nowAfter(HISTORY + 2)); // the event: two windows
        Map<String, Object> kept = db.rows("select open_event, event_as_of::text as asof from series_state").get(0);
        assertEquals(2, ((Number) db.rows("select (open_event::json->>'windows')::int as n from series_state").get(0)
                .get("n")).intValue());
        // the older version scores the normal window, which ends the event, and leaves the stored event as it was
        run.run(Series.nowAfter(HISTORY + 3));
        db.exec("update series_state set open_event = '" + kept.get("open_event") + "', event_as_of = '"
                + kept.get("asof") + "'");

        run.run(Series.nowAfter(HISTORY + 7));
        assertEquals(List.of(), Rules.alerts(db),
                "the window after the normal one is no third window of the ended event");
    }

    @Test
    void anEventALaterVersionWroteWithAFieldThisOneLacksIsReadAndNoShardStops() {
        Series.steady("flow", "a", HISTORY + 6, 1);
        run.run(Series.nowAfter(HISTORY));
        db.exec("update series_state set open_event = '{\"start\":\"2026-10-05T00:00:00Z\",\"side\":1,\"expected\":1,"
                + "\"lower\":0.5,\"upper\":1.5,\"severity\":0.8,\"reason\":\"value\",\"last\":\"2026-10-05T00:00:00Z\","
                + "\"windows\":1,\"peak\":0.9}', event_as_of = last_window");
        run.run(Series.nowAfter(HISTORY + 6));
        assertEquals(0, db.count("select count(*) from window_aggregate w where w.window_start <= ?::timestamptz "
                + "and w.pending",
                Series.windowStart(HISTORY + 6).toString()), "every window scored");
        assertEquals(0, db.count("select count(*) from series_quarantine"));
    }

    @Test
    void anUnreadableEventIsReplayedInsteadOfStoppingTheShard() {
        Series.steady("flow", "a", HISTORY + 6, 1);
        run.run(Series.nowAfter(HISTORY));
        db.exec("update series_state set open_event = 'not json', event_as_of = last_window");
        run.run(Series.nowAfter(HISTORY + 6));
        assertEquals(0, db.count("select count(*) from window_aggregate w where w.window_start <= ?::timestamptz "
                + "and w.pending",
                Series.windowStart(HISTORY + 6).toString()));
        assertEquals(1, db.count("select count(*) from series_state where open_event is null "
                + "and event_as_of = last_window"), "known again after the run");
    }

    /** The decisions on a window, by rule name. */
    private List<String> outcomes(int window) {
        return db.strings("select d.outcome from alert_decision d join alert_rule r on r.id = d.rule_id where "
                + "d.window_start = ?::timestamptz order by r.name", Series.windowStart(window).toString());
    }
}

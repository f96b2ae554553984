package dev.vigil.alerting;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scope of an incident of many entities, on real PostgreSQL: decisions of an hourly fleet (4 regions of 5
 * feeders of 10 meters, voltage and power each) are stored as the scoring transaction would, and an incident pass
 * groups them. A fleet-wide event is one incident of the fleet, a feeder sag one of the feeder, and independent
 * anomalies at the detector's measured false-alarm rate stay incidents of their meters.
 */
@QuarkusTest
public class IncidentScopeTest {

    private static final Instant T = Instant.parse("2026-11-07T00:00:00Z");
    private static final int HOUR = 3600;
    private static final String[] REGIONS = {"north", "south", "east", "west"};

    @Inject
    Db db;
    @Inject
    IncidentRun incidents;

    @BeforeEach
    void fleet() {
        db.reset();
        StringJoiner rows = new StringJoiner(", ");
        for (int m = 0; m < 200; m++) {
            for (String metric : List.of("voltage", "power")) {
                rows.add(String.format("(%d, '%s{meter=m%d}', '%s', '%s')", id(m, metric), metric, m, metric,
                        dimensions(m)));
            }
        }
        db.exec("insert into series (id, series_key, metric, dimensions) values " + rows);
    }

    private static long id(int meter, String metric) {
        return meter * 2L + (metric.equals("voltage") ? 1 : 2);
    }

    private static String dimensions(int m) {
        return String.format("{\"meter\": \"m%d\", \"feeder\": \"f%d\", \"region\": \"%s\"}", m, m / 10,
                REGIONS[m / 50]);
    }

    private record Flag(int meter, String metric, int hour, double severity) {
    }

    private void decide(List<Flag> flags) {
        StringJoiner rows = new StringJoiner(", ");
        for (Flag f : flags) {
            rows.add(String.format(java.util.Locale.ROOT, "(%d, '%s', 0, '%s', %.3f, %d)", id(f.meter(), f.metric()),
                    T.plus(Duration.ofHours(f.hour())), f.severity() >= 0.6 ? "alerted" : "unconfirmed",
                    f.severity(), HOUR));
        }
        db.exec("insert into alert_decision (series_id, window_start, rule_id, outcome, severity, step_seconds) "
                + "values " + rows);
    }

    private static List<Map<String, Object>> incidentRows() {
        return given().get("/api/v1/incidents?limit=500&since=" + T).then().statusCode(200).extract().jsonPath()
                .getList("$");
    }

    @Test
    void aFleetWideRhythmOverManyMetersIsOneIncidentOfTheFleet() {
        List<Flag> flags = new ArrayList<>();
        for (int m = 0; m < 200; m += 2) { // half the meters of every feeder, over five hours, weak flags
            flags.add(new Flag(m, "voltage", 13 + m % 5, 0.55));
        }
        decide(flags);
        incidents.update(T.plus(Duration.ofHours(20)));
        List<Map<String, Object>> all = incidentRows();
        assertEquals(1, all.size(), "one incident, not one per meter: " + all);
        assertEquals(Map.of(), all.get(0).get("scope"), "the fleet is its scope");
        assertEquals(100, all.get(0).get("anomalyCount"));

        // a meter's fault the next night: within the fleet incident's quiet period (a day of hourly windows) but
        // past its coincidence span (6 windows), so it is the meter's own, not swallowed by the fleet's
        decide(List.of(new Flag(7, "power", 26, 0.9)));
        incidents.update(T.plus(Duration.ofHours(27)));
        List<Map<String, Object>> next = incidentRows();
        assertEquals(2, next.size(), "the fleet's and the meter's: " + next);
        assertTrue(next.stream().anyMatch(i -> ((Map<?, ?>) i.get("scope")).containsKey("meter")));
        assertTrue(next.stream().anyMatch(i -> Map.of().equals(i.get("scope")) && Integer.valueOf(100)
                .equals(i.get("anomalyCount"))));
    }

    @Test
    void aFeederSagAmongChanceFlagsIsOneIncidentOfTheFeeder() {
        List<Flag> flags = new ArrayList<>();
        for (int m = 30; m < 40; m++) { // every meter of f3 (north), within two hours
            flags.add(new Flag(m, "voltage", 13 + m % 2, 0.7));
        }
        for (int m : new int[] {5, 77, 120, 181}) { // unrelated flags elsewhere, in the same hours
            flags.add(new Flag(m, "power", 14, 0.8));
        }
        decide(flags);
        incidents.update(T.plus(Duration.ofHours(20)));
        List<Map<String, Object>> all = incidentRows();
        assertEquals(5, all.size(), "the sag and the four unrelated meters: " + all);
        Map<String, Object> sag = all.stream().filter(i -> Map.of("feeder", "f3").equals(i.get("scope")))
                .findFirst().orElseThrow(() -> new AssertionError("no feeder incident in " + all));
        assertEquals(10, sag.get("seriesCount"));
        JsonPath detail = given().get("/api/v1/incidents/" + sag.get("id")).then().statusCode(200).extract()
                .jsonPath();
        assertEquals("feeder", detail.getString("incident.rootCause.dimensions[0].key"));
        assertEquals("f3", detail.getString("incident.rootCause.dimensions[0].value"));
    }

    @Test
    void independentFlagsAtTheFalseAlarmRateStayIncidentsOfTheirMeters() {
        double p = ChanceFlags.perWindow(96);
        Random r = new Random(15);
        List<Flag> flags = new ArrayList<>();
        for (int hour = 0; hour < 14 * 24; hour++) { // two weeks of the whole fleet
            for (int m = 0; m < 200; m++) {
                for (String metric : List.of("voltage", "power")) {
                    if (r.nextDouble() < p) {
                        flags.add(new Flag(m, metric, hour, 0.5 + 0.3 * r.nextDouble()));
                    }
                }
            }
        }
        decide(flags);
        incidents.update(T.plus(Duration.ofDays(15)));
        List<Map<String, Object>> all = incidentRows();
        assertTrue(flags.size() > 150, flags.size() + " chance flags");
        assertTrue(all.size() > 50, all.size() + " incidents");
        for (Map<String, Object> i : all) {
            assertTrue(((Map<?, ?>) i.get("scope")).containsKey("meter"), "no shared scope for chance flags: " + i);
        }
    }

    @Test
    void aHeldLoneAnomalyIsReadUntilNothingCanJoinItAndThenSettled() {
        decide(List.of(new Flag(3, "voltage", 0, 0.55)));
        incidents.update(T.plus(Duration.ofHours(2)));
        assertEquals(0, incidentRows().size(), "a lone weak flag opens nothing");
        assertEquals(0, settled(), "its companion can still come (a day of hourly windows)");

        decide(List.of(new Flag(3, "power", 5, 0.52)));
        incidents.update(T.plus(Duration.ofHours(6)));
        assertEquals(1, incidentRows().size(), "the companion opens the meter's incident with both");
        assertEquals(2, settled(), "both are held by the incident");

        decide(List.of(new Flag(60, "voltage", 10, 0.55)));
        incidents.update(T.plus(Duration.ofHours(30)));
        assertEquals(2, settled(), "10:00 + 24 h reaches past the cutoff at 06:00 the next day");
        incidents.update(T.plus(Duration.ofHours(35)));
        assertEquals(2, settled(), "its reach and one step, the hour its companion's data may take to come");
        incidents.update(T.plus(Duration.ofHours(36)));
        assertEquals(3, settled(), "past its reach: no later pass reads it");
        incidents.update(T.plus(Duration.ofHours(36)));
        assertEquals(1, incidentRows().size(), "a repeated pass changes nothing");
        assertEquals(3, settled());
    }

    /**
     * A daily series judged each morning (its value stamped at the start of the day, sent once the day is over): a
     * weak flag and a strong one two days later are one incident, as a backfill makes them. The weak flag was settled
     * the morning its reach (two days) passed the cutoff, a day before the strong day's value came; in a walk with a
     * year of 200 daily series (bench/daily_walk.py) live runs formed 1,260 incidents and a backfill 1,343.
     */
    @Test
    void aDailyWeakFlagWaitsForTheDayItsCompanionComesIn() {
        long meter = id(7, "power");
        String decision = "insert into alert_decision (series_id, window_start, rule_id, outcome, severity, "
                + "step_seconds) values (%d, '%s', 0, '%s', %s, 86400)";
        db.exec(decision.formatted(meter, T, "unconfirmed", "0.55"));
        incidents.update(T.plus(Duration.ofHours(25)));
        incidents.update(T.plus(Duration.ofHours(49)));
        assertEquals(0, settled(), "the day two days later has not come in yet");
        db.exec(decision.formatted(meter, T.plus(Duration.ofDays(2)), "alerted", "0.8"));
        incidents.update(T.plus(Duration.ofHours(73)));
        List<Map<String, Object>> all = incidentRows();
        assertEquals(1, all.size(), all.toString());
        assertEquals(2, all.get(0).get("anomalyCount"), "the weak flag joined its companion's incident");
    }

    private long settled() {
        return db.count("select count(*) from alert_decision where settled");
    }
}

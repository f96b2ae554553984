package dev.vigil.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.storage.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The line a chat shows for each event type, from data shaped as Vigil writes it. */
class ChatTextTest {

    private static final String DASHBOARD = "https://vigil.example.com/dashboard/";

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        dev.vigil.anomaly.detected.v1 | {"seriesId": "-42", "seriesKey": "power{meter=m17}", "value": 4.21234, "expected": 2.1, "lower": 1.5, "upper": 2.8, "severity": 0.82, "reason": "level", "windowStart": "2026-12-04T10:00:00Z", "rules": ["default", "north"]} | Anomaly on power{meter=m17}: 4.212 where 2.1 was expected (band 1.5 to 2.8), severity 0.82, reason level, window 2026-12-04 10:00 UTC (rules: default, north). https://vigil.example.com/dashboard/#/series/-42
        dev.vigil.anomaly.detected.v1 | {"seriesId": "7", "seriesKey": "v{}", "value": 260, "expected": null, "severity": 1, "reason": "limit", "windowStart": "2026-12-04T10:00:00Z", "rules": []} | Anomaly on v{}: 260, severity 1, reason limit, window 2026-12-04 10:00 UTC. https://vigil.example.com/dashboard/#/series/7
        dev.vigil.group.anomaly.detected.v1 | {"group": "meters", "entityId": "5", "entityKey": "meter=m17", "severity": 0.7, "windowStart": "2026-12-04T02:00:00Z", "topContributors": [{"variable": "power", "contribution": 0.61}, {"variable": "voltage", "contribution": 0.3}], "rules": ["meters"]} | Group anomaly in meters on meter=m17, severity 0.7, led by power 0.61, voltage 0.3, window 2026-12-04 02:00 UTC (rules: meters). https://vigil.example.com/dashboard/#/groups/meters/5
        dev.vigil.alerts.capped.v1 | {"rule": "default", "hourStart": "2026-12-04T10:00:00Z", "maxPerHour": 100, "firstWithheldSeriesKey": "p{m=1}", "firstWithheldWindow": "2026-12-04T10:35:00Z"} | Rule 'default' reached its cap of 100 alerts in the hour from 2026-12-04 10:00 UTC; its further alerts of that hour are withheld (the first: p{m=1} at 2026-12-04 10:35 UTC).
        dev.vigil.incident.opened.v1 | {"id": "0b5c", "scope": {"feeder": "f12"}, "firstWindow": "2026-12-04T10:00:00Z", "lastWindow": "2026-12-04T10:20:00Z", "peakSeverity": 0.9, "seriesCount": 12, "anomalyCount": 30, "groupAnomalyCount": 0, "rootCause": {"dimensions": [{"key": "feeder", "value": "f12", "score": 0.8}]}} | Incident opened: feeder=f12, 12 series, 30 anomalies, peak severity 0.9, 2026-12-04 10:00 UTC to 2026-12-04 10:20 UTC; most of it in feeder=f12. https://vigil.example.com/dashboard/#/incidents/0b5c
        dev.vigil.incident.opened.v1 | {"id": "0b5d", "scope": {"region": "eu-west"}, "firstWindow": "2026-12-04T10:00:00Z", "lastWindow": "2026-12-04T10:20:00Z", "peakSeverity": 0.9, "seriesCount": 11, "anomalyCount": 21, "groupAnomalyCount": 0, "rootCause": {"dimensions": [{"key": "service", "value": "api", "score": 0.45}], "combinations": [{"dimensions": {"region": "eu-west", "service": "api"}, "score": 0.91}]}} | Incident opened: region=eu-west, 11 series, 21 anomalies, peak severity 0.9, 2026-12-04 10:00 UTC to 2026-12-04 10:20 UTC; most of it in region=eu-west, service=api. https://vigil.example.com/dashboard/#/incidents/0b5d
        dev.vigil.incident.resolved.v1 | {"id": "0b5c", "scope": {}, "firstWindow": "2026-12-04T10:00:00Z", "lastWindow": "2026-12-04T11:00:00Z", "peakSeverity": 0.5, "seriesCount": 1, "anomalyCount": 2, "groupAnomalyCount": 3} | Incident resolved: the fleet, 1 series, 2 anomalies and 3 group anomalies, peak severity 0.5, 2026-12-04 10:00 UTC to 2026-12-04 11:00 UTC. https://vigil.example.com/dashboard/#/incidents/0b5c
        dev.vigil.silence.started.v1 | {"seriesId": "9", "seriesKey": "voltage{meter=m2}", "lastWindow": "2026-12-04T09:55:00Z", "expectedWindow": "2026-12-04T10:00:00Z"} | voltage{meter=m2} stopped sending data: its last window started 2026-12-04 09:55 UTC, the next was due 2026-12-04 10:00 UTC. https://vigil.example.com/dashboard/#/series/9
        dev.vigil.silence.ended.v1 | {"seriesId": "9", "seriesKey": "voltage{meter=m2}", "lastWindow": "2026-12-04T09:55:00Z", "resumedWindow": "2026-12-04T11:00:00Z"} | voltage{meter=m2} sends data again from 2026-12-04 11:00 UTC (silent after 2026-12-04 09:55 UTC). https://vigil.example.com/dashboard/#/series/9
        dev.vigil.silence.ended.v1 | {"seriesId": "9", "seriesKey": "voltage{meter=m2}", "lastWindow": "2026-12-04T09:55:00Z", "resumedWindow": null, "endedBy": "dismissed"} | voltage{meter=m2} is no longer reported silent (dismissed; silent after 2026-12-04 09:55 UTC). https://vigil.example.com/dashboard/#/series/9
        dev.vigil.silence.scope.started.v1 | {"scope": {"feeder": "f07"}, "detectedAt": "2026-12-04T10:30:00Z", "series": 120, "entities": 40, "metrics": [{"metric": "power", "series": 40}, {"metric": "voltage", "series": 80}]} | 120 series of 40 entities in feeder=f07 stopped sending data together (found 2026-12-04 10:30 UTC): power 40, voltage 80.
        dev.vigil.silence.scope.ended.v1 | {"scope": {}, "endedAt": "2026-12-04T12:00:00Z"} | The silent series of the fleet send data again (2026-12-04 12:00 UTC).
        dev.vigil.silence.capped.v1 | {"detectedAt": "2026-12-04T10:30:00Z", "silent": 500, "reported": 100, "held": 400, "metrics": [{"metric": "power", "series": 500}]} | 500 series fell silent in one pass (2026-12-04 10:30 UTC): 100 reported, 400 held back by the cap; power 500.
        dev.vigil.hook.test.v1 | {"hook": "ops"} | Test event for the hook 'ops': it stands for no anomaly.
        dev.vigil.future.v9 | {} | dev.vigil.future.v9 subj.
        """)
    void eachTypeReadsAsOneLine(String type, String data, String expected) throws Exception {
        JsonNode event = Json.mapper().readTree("{\"type\": \"" + type + "\", \"subject\": \"subj\", \"data\": " + data
                + "}");
        assertEquals("[Vigil] " + expected, ChatText.of(event, DASHBOARD));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        0.000123456 | 0.0001235
        12345.6     | 12350
        -3.5        | -3.5
        230         | 230
        """)
    void numbersKeepFourSignificantDigitsWithoutExponents(String value, String shown) throws Exception {
        JsonNode event = Json.mapper().readTree("{\"type\": \"dev.vigil.anomaly.detected.v1\", \"data\": "
                + "{\"seriesKey\": \"s\", \"value\": " + value + ", \"severity\": 1, \"windowStart\": \"x\"}}");
        assertEquals("[Vigil] Anomaly on s: " + shown + ", severity 1, window x.", ChatText.of(event, null));
    }
}

package dev.vigil.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessPolicyTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "POST, /readings, -, ingest",
        "POST, /, dev.vigil.reading.v1, ingest",
        "POST, /ingestBatch, dev.vigil.readings.v1, ingest",
        // Funqy routes by type whatever the path: a detection request at an ingestion path still needs operate
        "POST, /ingest, dev.vigil.detection.requested.v1, operate",
        "POST, /, dev.knative.sources.ping, operate",
        "POST, /, com.example.unknown, operate",
        "POST, /detect, -, operate",
        "POST, /ingest, -, ingest",
        "POST, /api/v1/detection/runs, -, operate",
        "POST, /api/v1/quarantine/1/retry, -, operate",
        "GET, /api/v1/series, -, read",
        "GET, /api/v1/series/7/change-points, -, read",
        "GET, /api/v1/groups, -, read",
        "GET, /api/v1/groups/meters/entities/1/results, -, read",
        "POST, /api/v1/groups/meters/training, -, operate",
        "GET, /api/v1/admin/groups, -, admin",
        "POST, /api/v1/admin/groups, -, admin",
        "PUT, /api/v1/admin/groups/meters, -, admin",
        "DELETE, /api/v1/admin/groups/meters, -, admin",
        "GET, /api/v1/alert-rules, -, read",
        "POST, /api/v1/alert-rules, -, operate",
        "POST, /api/v1/alert-rules/preview, -, operate",
        "PUT, /api/v1/alert-rules/3, -, operate",
        "DELETE, /api/v1/alert-rules/3, -, operate",
        "GET, /api/v1/incidents/0f0e, -, read",
        "GET, /api/v1/silence, -, read",
        "POST, /api/v1/silence/1/dismiss, -, operate",
        "POST, /api/v1/silence/dismiss, -, operate",
        "POST, /api/v1/feedback, -, operate",
        "GET, /api/v1/feedback, -, read",
        "DELETE, /api/v1/feedback/3, -, operate",
        "GET, /api/v1/admin/keys, -, admin",
        "GET, /api/v1/admin/metrics, -, admin",
        "PUT, /api/v1/admin/metrics/requests, -, admin",
        "DELETE, /api/v1/admin/keys, -, admin",
        "GET, /q/swagger-ui/, -, read",
        "GET, /something/else, -, read",
        "GET, /dashboard/, -, public",
        "GET, /dashboard/app.js, -, public",
        // a script tag sends no key: with keys set the chart library answered 401 and no chart was drawn
        "GET, /_static/echarts/6.0.0/dist/echarts.common.min.js, -, public",
        "POST, /_static/x, -, read",
        "GET, /, -, public",
        "POST, /dashboard/x, -, read",
        "POST, /anomalydetector/v1.1/timeseries/entire/detect, -, public",
        "POST, /anomalydetector/v1.1/multivariate/models, -, public",
        "DELETE, /anomalydetector/v1.1/multivariate/models/x, -, public",
        "POST, /anomalydetector/v1.1-preview.1/multivariate/models/import, -, public",
        // the CloudEvents webhook handshake asks before delivering, with no key; nothing else answers OPTIONS openly
        "OPTIONS, /, -, public",
        "OPTIONS, /readings, -, read",
        "OPTIONS, /ingestBatch, -, public",
        "OPTIONS, /detect, -, read",
        "OPTIONS, /api/v1/series, -, operate",
    })
    void eachRequestNeedsItsRole(String method, String path, String ceType, String expected) {
        AccessPolicy.Need need = AccessPolicy.need(method, path, ceType);
        if ("public".equals(expected)) {
            assertTrue(need.isPublic(), method + " " + path);
        } else {
            assertEquals(expected, need.role().label(), method + " " + path);
        }
    }
}

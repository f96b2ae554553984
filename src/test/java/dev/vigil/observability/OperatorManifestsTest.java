package dev.vigil.observability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.alerting.AlertPublisher;
import dev.vigil.ingestion.ReadingsConsumer;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operators' Grafana dashboard and alert rules in {@code infra/monitoring} read only metrics that Vigil
 * exports: the pipeline is exercised (a reading taken and one refused over HTTP, a dead letter from Kafka, a run
 * with an alert, its publication), then every metric name in every expression is looked up in the scrape.
 */
@QuarkusTest
class OperatorManifestsTest {

    static final Path MONITORING = Path.of("infra", "monitoring");

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;
    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    AlertPublisher publisher;
    @Inject
    ReadingsConsumer consumer;

    static JsonNode dashboard;
    static JsonNode rules;

    @BeforeAll
    static void parse() throws IOException {
        dashboard = new ObjectMapper().readTree(MONITORING.resolve("vigil-dashboard.json").toFile());
        rules = new ObjectMapper(new YAMLFactory()).readTree(MONITORING.resolve("vigil-alerts.yaml").toFile());
    }

    private Set<String> exported() {
        db.reset();
        given().contentType("application/json").body("{\"metric\":\"ops\",\"timestamp\":\"2026-11-01T10:01:00Z\","
                + "\"value\":1}").post("/ingest").then().statusCode(200);
        given().contentType("application/json").body("{\"metric\":\"ops\",\"timestamp\":\"2026-11-01T10:01:00Z\","
                + "\"value\":\"high\"}").post("/ingest").then().statusCode(400);
        String topic = "vigil.readings.ops-" + UUID.randomUUID();
        consumer.consume(new ConsumerRecords<>(Map.of(new TopicPartition(topic, 0), List.of(new ConsumerRecord<>(
                topic, 0, 0, "k", "not json".getBytes(StandardCharsets.UTF_8))))));
        Series.steady("pressure", "ops", 1200, 3);
        Series.at("pressure", "ops", 1200, 1_000);
        run.run(Series.nowAfter(1201));
        publisher.publishBatch();
        String scrape = given().relaxedHTTPSValidation().baseUri("https://localhost").port(management.getPort())
                .get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> names = new HashSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static List<String> dashboardExpressions() {
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                // Grafana's label_values(metric, label) names a metric and a label: only the metric is checked
                exprs.add(variable.path("query").asText().replaceAll("label_values\\(([^,]+),[^)]*\\)", "$1"));
            }
        }
        return exprs;
    }

    private static List<JsonNode> ruleList() {
        List<JsonNode> all = new ArrayList<>();
        rules.path("spec").path("groups").forEach(g -> g.path("rules").forEach(all::add));
        return all;
    }

    @Test
    void everyMetricTheDashboardAndTheRulesReadIsExported() {
        Set<String> exported = exported();
        Set<String> missing = new TreeSet<>();
        List<String> exprs = new ArrayList<>(dashboardExpressions());
        ruleList().forEach(r -> exprs.add(r.path("expr").asText()));
        for (String expr : exprs) {
            Set<String> used = PromQl.metricNames(expr);
            assertFalse(used.isEmpty(), "an expression that reads no metric: " + expr);
            used.stream().filter(n -> !exported.contains(n)).forEach(n -> missing.add(n + "  (in: " + expr.strip() + ")"));
        }
        assertTrue(missing.isEmpty(), "metrics Vigil does not export:\n" + String.join("\n", missing));
    }

    @Test
    void theRulesAreAPrometheusRuleWithWhatAnOnCallEngineerNeeds() throws IOException {
        assertEquals("monitoring.coreos.com/v1", rules.path("apiVersion").asText());
        assertEquals("PrometheusRule", rules.path("kind").asText());
        String readme = Files.readString(Path.of("README.md"));
        Set<String> names = new HashSet<>();
        for (JsonNode rule : ruleList()) {
            String name = rule.path("alert").asText();
            assertTrue(name.startsWith("Vigil"), "rule without an alert name: " + rule);
            assertTrue(names.add(name), "duplicate rule " + name);
            assertTrue(Set.of("critical", "warning", "info").contains(rule.path("labels").path("severity").asText()),
                    name + " has a severity");
            assertFalse(rule.path("annotations").path("summary").asText().isBlank(), name + " has a summary");
            assertTrue(rule.path("annotations").path("description").asText().contains(name),
                    name + "'s description points at its runbook entry");
            assertTrue(readme.contains("`" + name + "`"), "README explains " + name);
        }
        // the issue's five conditions, each covered
        assertTrue(names.containsAll(Set.of("VigilDetectionStalled", "VigilBacklogGrowing", "VigilOutboxNotDraining",
                "VigilDeadLetters", "VigilNotReady")), names.toString());
    }

    @Test
    void theDashboardIsWellFormedForGrafana() {
        assertFalse(dashboard.path("uid").asText().isBlank());
        Set<Integer> ids = new HashSet<>();
        int graphs = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique");
            JsonNode pos = panel.path("gridPos");
            assertTrue(pos.path("x").asInt() + pos.path("w").asInt() <= 24, "panel inside the 24-column grid");
            if (!"row".equals(panel.path("type").asText())) {
                graphs++;
                assertEquals("${datasource}", panel.path("datasource").path("uid").asText());
                assertFalse(panel.path("targets").isEmpty(), panel.path("title") + " has queries");
            }
        }
        assertTrue(graphs >= 15, "the dashboard covers intake, detection, alerts, JVM and the pool");
    }
}

package dev.vigil.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.ingestion.InputRules;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.query.JsonBodies;
import dev.vigil.query.DetectionFactsConfig;
import dev.vigil.storage.MetricAggregation;
import dev.vigil.storage.MetricStore;
import dev.vigil.storage.MetricStore.MetricRow;
import dev.vigil.storage.ScoringStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lists metrics with the aggregation each is judged on, and changes it (README "Aggregation per metric"). A change
 * makes the metric's series relearn their stored windows under the new aggregation at the next run: a detector
 * that learned means would otherwise flag every sum.
 */
@ApplicationScoped
public class MetricAggregationService {

    /** What a page of metrics answers: the metrics by name, the page asked for and how many there are in all. */
    public record MetricPage(List<MetricRow> items, int page, int size, long total) {
    }

    private static final Set<String> FIELDS = Set.of("aggregation");
    /** What a metric shows and a change may send back unchanged. */
    private static final Set<String> READ_ONLY = Set.of("metric", "series", "changedAt");
    private static final String LABELS = Arrays.stream(MetricAggregation.values()).map(MetricAggregation::label)
            .collect(Collectors.joining(", "));

    private final MetricStore metrics;
    private final ScoringStore scoring;
    private final DetectionFactsConfig detection;

    public MetricAggregationService(MetricStore metrics, ScoringStore scoring, DetectionFactsConfig detection) {
        this.metrics = metrics;
        this.scoring = scoring;
        this.detection = detection;
    }

    public MetricPage page(int page, int size) {
        MetricStore.Page p = metrics.page(page * size, size);
        return new MetricPage(p.items(), page, size, p.total());
    }

    /**
     * Sets the metric's aggregation from a request body {@code {"aggregation": "sum"}} ({@code mean} goes back to
     * the default). 400 naming the field for a bad body, 404 {@code UnknownMetric} for a metric without series (a
     * typo would otherwise be stored and never apply). Setting the aggregation in force changes nothing.
     */
    @Transactional
    public MetricRow set(String metric, String body) {
        InputRules.text(metric, "metric", "InvalidMetric");
        MetricAggregation aggregation = aggregation(body);
        if (metrics.one(metric).isEmpty()) {
            throw new RejectedInput(404, "UnknownMetric", "metric", "no series has the metric " + metric
                    + ": send its readings first (metric names are exact)");
        }
        // no chunk may save a state learned under the old aggregation after the series were marked to relearn
        scoring.lockAllShards(detection.shards());
        if (metrics.set(metric, aggregation)) {
            metrics.relearn(metric);
        }
        return metrics.one(metric).orElseThrow();
    }

    private static MetricAggregation aggregation(String body) {
        JsonNode n = JsonBodies.object(body, "InvalidAggregation", " such as {\"aggregation\": \"sum\"}");
        String unknown = JsonBodies.unknownField(n, FIELDS, READ_ONLY);
        if (unknown != null) {
            throw new RejectedInput(400, "UnknownField", unknown,
                    JsonBodies.unknownMessage(unknown, "a metric's setting", FIELDS));
        }
        JsonNode v = n.get("aggregation");
        MetricAggregation a = v != null && v.isTextual() ? MetricAggregation.of(v.textValue()) : null;
        if (a == null) {
            throw new RejectedInput(400, "InvalidAggregation", "aggregation", "aggregation must be one of " + LABELS
                    + (v == null || v.isNull() ? "" : ", was " + excerpt(v.toString())));
        }
        return a;
    }

    /** What the client sent, cut short: a 5,000-character value would otherwise come back whole in the message. */
    private static String excerpt(String sent) {
        return sent.length() <= 40 ? sent : sent.substring(0, 40) + "…";
    }
}

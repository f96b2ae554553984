package dev.vigil.alerting;

import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.query.Params;
import dev.vigil.storage.AlertRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads a rule preview's request (a rule as for create, a period defaulting to the last 7 days) and runs
 * {@link RulePreview} over it; apart from {@link AlertRuleService}, which keeps stored rules and needs none of this.
 */
@ApplicationScoped
public class RulePreviewService {

    private final RuleCoverage coverage;
    private final RulePreview preview;
    private final AggregationConfig aggregation;
    private final Clock clock;

    public RulePreviewService(RuleCoverage coverage, RulePreview preview, AggregationConfig aggregation, Clock clock) {
        this.coverage = coverage;
        this.preview = preview;
        this.aggregation = aggregation;
        this.clock = clock;
    }

    @Transactional
    public RulePreview.Preview preview(String from, String to, String body) {
        AlertRule rule = RuleRequest.parse(body, coverage.defaultRule());
        Instant t = Params.instant("to", to, clock.instant());
        Instant f = Params.instant("from", from, t.minus(Duration.ofDays(7)));
        Params.range(f, t, RulePreview.MAX_PERIOD);
        return preview.preview(rule, coverage.overrides(rule.name()), f, t, aggregation.window());
    }
}

package dev.vigil.alerting;

import dev.vigil.storage.AlertRule;
import dev.vigil.storage.AlertRule.Limits;
import dev.vigil.storage.Json;
import dev.vigil.storage.RuleStore;
import dev.vigil.storage.ScoringStore.PendingWindow;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The fixed limits the enabled alert rules set for the series they cover (README "Limits"). */
@ApplicationScoped
public class RuleLimits {

    private final RuleStore rules;

    public RuleLimits(RuleStore rules) {
        this.rules = rules;
    }

    /** The limits the enabled rules set now for a series of this metric and these dimensions (null: none). */
    public Limits of(String metric, Map<String, String> dimensions) {
        return Limits.of(rules.enabled().stream().filter(r -> r.limits() != null && r.covers(metric, dimensions))
                .toList());
    }

    /**
     * The limits of a series of the chunk, from any of its windows (null: none), by the rules as they are now:
     * read once per chunk, matched per series by its metric and dimensions. A rule in maintenance still sets them:
     * its results are kept, it only does not alert.
     */
    public Function<PendingWindow, Limits> forChunk() {
        List<AlertRule> limiting = rules.enabled().stream().filter(r -> r.limits() != null).toList();
        if (limiting.isEmpty()) {
            return w -> null;
        }
        return w -> {
            Map<String, String> dims = Json.dimensions(w.dimensionsJson());
            return Limits.of(limiting.stream().filter(r -> r.covers(w.metric(), dims)).toList());
        };
    }
}

package dev.vigil.alerting;

import dev.vigil.storage.AlertRule;
import dev.vigil.storage.AlertRule.Limits;
import dev.vigil.storage.Json;
import dev.vigil.storage.RuleStore;
import dev.vigil.storage.ScoringStore.PendingWindow;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
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

    /**
     * The limits of each series of a chunk (null: none), from the rules as they are now: read once, then per
     * series by its metric and dimensions. A rule in maintenance still sets them: its results are kept, it only does
     * not alert.
     */
    public Function<PendingWindow, Limits> forChunk() {
        List<AlertRule> limiting = rules.enabled().stream().filter(r -> r.limits() != null).toList();
        if (limiting.isEmpty()) {
            return w -> null;
        }
        Map<Long, Limits> bySeries = new HashMap<>();
        return w -> {
            if (!bySeries.containsKey(w.seriesId())) {
                Map<String, String> dims = Json.dimensions(w.dimensionsJson());
                bySeries.put(w.seriesId(), Limits.of(limiting.stream().filter(r -> r.covers(w.metric(), dims))
                        .toList()));
            }
            return bySeries.get(w.seriesId());
        };
    }
}

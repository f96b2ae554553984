package dev.vigil.alerting;

import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.storage.SilenceStore;
import dev.vigil.storage.SilenceStore.Candidate;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Opens the episodes of the series a pass found silent, with their started events: one per series reported alone up
 * to {@code vigil.silence.max-events}, a summary past it, one per scope whose series fell silent together. Joins the
 * pass's transaction.
 */
@ApplicationScoped
class SilenceOpening {

    /** What was opened: episodes reported alone (their started event sent) and scopes reported. */
    record Opened(int reported, int scopes) {
    }

    private final SilenceStore store;
    private final OutboxStore outbox;
    private final SilenceConfig config;
    private final SilenceScopes scopes;

    SilenceOpening(SilenceStore store, OutboxStore outbox, SilenceConfig config, SilenceScopes scopes) {
        this.store = store;
        this.outbox = outbox;
        this.config = config;
        this.scopes = scopes;
    }

    Opened open(List<Candidate> silent, Instant cutoff) {
        Map<Candidate, Map<String, String>> shared = scopes.shared(silent);
        List<String> outcomes = new ArrayList<>(silent.size());
        List<Map<String, String>> scopeOf = new ArrayList<>(silent.size());
        List<OutboxRow> events = new ArrayList<>();
        int alone = 0;
        for (Candidate c : silent) {
            Map<String, String> scope = shared.get(c);
            String outcome = scope != null ? SilenceRun.SCOPED
                    : alone < config.maxEvents() ? SilenceRun.ALERTED : SilenceRun.CAPPED;
            alone += scope == null ? 1 : 0;
            outcomes.add(outcome);
            scopeOf.add(scope);
            if (outcome.equals(SilenceRun.ALERTED)) {
                events.add(SilenceEvents.started(c.opened(cutoff, outcome)));
            }
        }
        store.open(silent, outcomes, scopeOf, cutoff);
        int reported = events.size();
        if (alone > reported) {
            List<Candidate> unscoped = silent.stream().filter(c -> !shared.containsKey(c)).toList();
            events.add(SilenceEvents.capped(new SilenceEvents.Capped(cutoff, alone, reported, alone - reported,
                    byMetric(unscoped))));
        }
        Map<Map<String, String>, List<Candidate>> byScope = new LinkedHashMap<>();
        shared.forEach((c, scope) -> byScope.computeIfAbsent(scope, k -> new ArrayList<>()).add(c));
        byScope.forEach((scope, in) -> events.add(SilenceEvents.scope(SilenceEvents.SCOPE_STARTED,
                scoped(scope, cutoff, in))));
        outbox.add(events);
        return new Opened(reported, byScope.size());
    }

    private static SilenceEvents.Scoped scoped(Map<String, String> scope, Instant at, List<Candidate> in) {
        Set<Map<String, String>> entities = new HashSet<>();
        in.forEach(c -> entities.add(c.dimensions()));
        return new SilenceEvents.Scoped(scope, at, in.size(), entities.size(), byMetric(in), null);
    }

    /** Silent series per metric, most first (at most 20 metrics: a summary, not a list). */
    private static List<SilenceEvents.MetricCount> byMetric(List<Candidate> silent) {
        Map<String, Integer> counts = new TreeMap<>();
        silent.forEach(c -> counts.merge(c.metric(), 1, Integer::sum));
        return counts.entrySet().stream()
                .map(e -> new SilenceEvents.MetricCount(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt(SilenceEvents.MetricCount::series).reversed()).limit(20).toList();
    }
}

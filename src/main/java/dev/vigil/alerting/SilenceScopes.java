package dev.vigil.alerting;

import dev.vigil.storage.IncidentStore;
import dev.vigil.storage.SilenceStore.Candidate;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finds the series of a silence pass that fell silent together (a feeder's meters in a power cut, the whole fleet
 * when a collector dies), as incidents choose their scope (README "Shared silences").
 */
@ApplicationScoped
class SilenceScopes {

    /**
     * The chance that a series falls silent in one pass by itself, for the scope's test against chance
     * ({@link SharedScope}); a guess on the safe side (real fleets lose far fewer series a pass), so a scope is only
     * chosen where a shared cause is beyond doubt.
     */
    static final double CHANCE_PER_PASS = 1e-3;

    private final IncidentConfig incidents;
    private final IncidentStore scopes;

    SilenceScopes(IncidentConfig incidents, IncidentStore scopes) {
        this.incidents = incidents;
        this.scopes = scopes;
    }

    /**
     * The scope each candidate fell silent with, for those that share one: the broadest dimension value (or the
     * fleet) that holds at least {@code vigil.incidents.min-entities} silent entities, is unlikely by chance and is
     * uniformly affected ({@link SharedScope}, as for incidents); repeated on what is left.
     */
    Map<Candidate, Map<String, String>> shared(List<Candidate> silent) {
        Map<Candidate, Map<String, String>> out = new HashMap<>();
        if (silent.size() < incidents.minEntities()) {
            return out;
        }
        Map<Map<String, String>, Long> sizes = new HashMap<>();
        SharedScope chooser = new SharedScope(incidents.minEntities(), incidents.significance(),
                scope -> sizes.computeIfAbsent(scope, scopes::seriesIn));
        Map<IncidentGrouper.Anomaly, Candidate> of = new LinkedHashMap<>();
        for (Candidate c : silent) {
            of.put(new IncidentGrouper.Anomaly(c.seriesId(), c.seriesKey(), c.metric(), c.dimensions(),
                    c.lastWindow(), 1), c);
        }
        List<IncidentGrouper.Anomaly> pending = new ArrayList<>(of.keySet());
        for (Map<String, String> scope = chooser.choose(pending, 1, CHANCE_PER_PASS); scope != null;
             scope = chooser.choose(pending, 1, CHANCE_PER_PASS)) {
            Map<String, String> chosen = Map.copyOf(scope);
            Predicate<IncidentGrouper.Anomaly> inScope = a -> !a.dimensions().isEmpty()
                    && chosen.entrySet().stream().allMatch(e -> e.getValue().equals(a.dimensions().get(e.getKey())));
            pending.stream().filter(inScope).forEach(a -> out.put(of.get(a), chosen));
            // by the test, not by equality with each: a fleet falling silent puts 100,000s in both
            pending.removeIf(inScope);
        }
        return out;
    }
}

package dev.vigil.alerting;

import dev.vigil.storage.AlertRule;
import dev.vigil.storage.IncidentStore;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.storage.RuleStore;
import dev.vigil.storage.SilenceStore;
import dev.vigil.storage.SilenceStore.Candidate;
import dev.vigil.storage.SilenceStore.Silence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * After a detection run, reports series that stopped sending data and those that came back (README "Silence"),
 * in one transaction with their events under one lock across replicas, so each episode opens and ends once. Series
 * that fell silent together in one pass and share a dimension value (a feeder's meters in a power cut, the whole
 * fleet when a collector dies) are reported once for that scope, chosen as incidents choose theirs.
 */
@ApplicationScoped
public class SilenceRun {

    /** An episode reported alone: its events were sent. */
    static final String ALERTED = "alerted";
    /** An episode past the pass's cap: stored and counted in the pass's summary, no events of its own. */
    static final String CAPPED = "capped";
    /** An episode reported with its scope's: the scope's events stand for it. */
    static final String SCOPED = "scoped";
    /**
     * The chance that a series falls silent in one pass by itself, for the scope's test against chance
     * ({@link SharedScope}); a guess on the safe side (real fleets lose far fewer series a pass), so a scope is only
     * chosen where a shared cause is beyond doubt.
     */
    static final double CHANCE_PER_PASS = 1e-3;

    /**
     * What a pass did: episodes opened, of which reported alone, scopes reported, episodes ended, and series past
     * their threshold held because Vigil itself was away since ({@code away}, null when it was not).
     */
    public record Pass(int opened, int reported, int scopes, int ended, int held, Absence away) {
    }

    private final SilenceStore store;
    private final RuleStore rules;
    private final OutboxStore outbox;
    private final SilenceConfig config;
    private final IncidentConfig incidents;
    private final IncidentStore scopes;
    private final Uptime uptime;

    public SilenceRun(SilenceStore store, RuleStore rules, OutboxStore outbox, SilenceConfig config,
                      IncidentConfig incidents, IncidentStore scopes, Uptime uptime) {
        this.store = store;
        this.rules = rules;
        this.outbox = outbox;
        this.config = config;
        this.incidents = incidents;
        this.scopes = scopes;
        this.uptime = uptime;
    }

    @Transactional
    public Pass pass(Instant cutoff) {
        if (!config.enabled()) {
            return new Pass(0, 0, 0, 0, 0, null);
        }
        store.lock();
        List<AlertRule> enabled = rules.enabled();
        Duration floor = enabled.stream().map(AlertRule::silence).filter(d -> d != null && !d.isZero())
                .min(Comparator.naturalOrder()).orElse(null);
        uptime.up(cutoff);
        Absence away = uptime.lastAbsence(cutoff).orElse(null);
        // no threshold outlasts the horizon: an absence longer ago holds nothing, so the fleet's newest window is
        // read (a scan of the series' states, as the candidates are) only in the week after one
        Instant frontier = away == null || away.to().isBefore(cutoff.minus(config.horizon())) ? null
                : store.frontier();
        // a series silent during a maintenance period of a rule covering it is judged again once it is over
        List<Candidate> past = new ArrayList<>();
        List<Candidate> silent = new ArrayList<>();
        for (Candidate c : store.candidates(cutoff, config.after(), config.windows(), floor, config.horizon())) {
            Optional<Duration> threshold = threshold(enabled, c, cutoff);
            if (threshold.isPresent() && c.lastWindow().isBefore(cutoff.minus(threshold.get()))) {
                (listened(c, cutoff.minus(threshold.get()), threshold.get(), away, frontier) ? silent : past).add(c);
            }
        }
        Map<Candidate, Map<String, String>> shared = shared(silent);
        List<String> outcomes = new ArrayList<>(silent.size());
        List<Map<String, String>> scopeOf = new ArrayList<>(silent.size());
        List<OutboxRow> events = new ArrayList<>();
        int alone = 0;
        for (Candidate c : silent) {
            Map<String, String> scope = shared.get(c);
            String outcome = scope != null ? SCOPED : alone < config.maxEvents() ? ALERTED : CAPPED;
            alone += scope == null ? 1 : 0;
            outcomes.add(outcome);
            scopeOf.add(scope);
            if (outcome.equals(ALERTED)) {
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
                scoped(scope, cutoff, in, null))));
        List<Silence> ended = store.end(store.resumed(), cutoff);
        events.addAll(endedEvents(ended, cutoff));
        outbox.add(events);
        return new Pass(silent.size(), reported, byScope.size(), ended.size(), past.size(), away);
    }

    /**
     * Ends the series' open silence as dismissed (an operator knows why: a meter taken out of service), sending the
     * ended event if its start was sent (its scope's, once the scope's last silence ended); the same stop is not
     * reported again, a later one is.
     */
    @Transactional
    public Optional<Silence> dismiss(long seriesId, Instant at) {
        store.lock();
        Optional<Silence> s = store.dismiss(seriesId, at);
        s.ifPresent(x -> outbox.add(endedEvents(List.of(x), at)));
        return s;
    }

    /**
     * The ended events of these episodes: one per episode reported alone, one per scope once none of its episodes
     * is open any more.
     */
    private List<OutboxRow> endedEvents(List<Silence> ended, Instant at) {
        List<OutboxRow> events = new ArrayList<>();
        ended.stream().filter(s -> ALERTED.equals(s.outcome())).map(SilenceEvents::ended).forEach(events::add);
        Set<Map.Entry<Map<String, String>, Instant>> scopesEnded = new HashSet<>();
        for (Silence s : ended) {
            if (SCOPED.equals(s.outcome()) && s.scope() != null
                    && scopesEnded.add(Map.entry(new TreeMap<>(s.scope()), s.detectedAt()))
                    && !store.openIn(s.scope(), s.detectedAt())) {
                events.add(SilenceEvents.scope(SilenceEvents.SCOPE_ENDED, new SilenceEvents.Scoped(s.scope(),
                        s.detectedAt(), 0, 0, List.of(), at)));
            }
        }
        return events;
    }

    /**
     * The scope each candidate fell silent with, for those that share one: the broadest dimension value (or the
     * fleet) that holds at least {@code vigil.incidents.min-entities} silent entities, is unlikely by chance and is
     * uniformly affected ({@link SharedScope}, as for incidents); repeated on what is left.
     */
    private Map<Candidate, Map<String, String>> shared(List<Candidate> silent) {
        Map<Candidate, Map<String, String>> out = new HashMap<>();
        if (silent.size() < incidents.minEntities()) {
            return out;
        }
        Map<Map<String, String>, Long> sizes = new HashMap<>();
        SharedScope chooser = new SharedScope(incidents.minEntities(), incidents.significance(), CHANCE_PER_PASS,
                scope -> sizes.computeIfAbsent(scope, scopes::seriesIn));
        Map<IncidentGrouper.Anomaly, Candidate> of = new LinkedHashMap<>();
        for (Candidate c : silent) {
            of.put(new IncidentGrouper.Anomaly(c.seriesId(), c.seriesKey(), c.metric(), c.dimensions(),
                    c.lastWindow(), 1), c);
        }
        List<IncidentGrouper.Anomaly> pending = new ArrayList<>(of.keySet());
        for (Map<String, String> scope = chooser.choose(pending, 1); scope != null;
             scope = chooser.choose(pending, 1)) {
            Map<String, String> chosen = Map.copyOf(scope);
            Predicate<IncidentGrouper.Anomaly> inScope = a -> !a.dimensions().isEmpty()
                    && chosen.entrySet().stream().allMatch(e -> e.getValue().equals(a.dimensions().get(e.getKey())));
            pending.stream().filter(inScope).forEach(a -> out.put(of.get(a), chosen));
            // by the test, not by equality with each: a fleet falling silent puts 100,000s in both
            pending.removeIf(inScope);
        }
        return out;
    }

    private static SilenceEvents.Scoped scoped(Map<String, String> scope, Instant at, List<Candidate> in,
                                               Instant endedAt) {
        Set<Map<String, String>> entities = new HashSet<>();
        in.forEach(c -> entities.add(c.dimensions()));
        return new SilenceEvents.Scoped(scope, at, in.size(), entities.size(), byMetric(in), endedAt);
    }

    /**
     * The candidate's threshold by the rules covering it: the least among them (the default one for a rule that sets
     * none); empty, so not judged, when one of them is in maintenance or every one turned silence off. A series no
     * rule covers has the default rule's, the default threshold.
     */
    private Optional<Duration> threshold(List<AlertRule> enabled, Candidate c, Instant cutoff) {
        List<AlertRule> covering = enabled.stream().filter(r -> r.covers(c.metric(), c.dimensions())).toList();
        if (covering.stream().anyMatch(r -> r.inMaintenance(cutoff))) {
            return Optional.empty();
        }
        Duration byDefault = Collections.max(List.of(config.after(),
                Duration.ofSeconds((long) c.stepSeconds() * config.windows())));
        return covering.isEmpty() ? Optional.of(byDefault)
                : covering.stream().map(r -> r.silence() == null ? byDefault : r.silence())
                        .filter(d -> !d.isZero()).min(Comparator.naturalOrder());
    }

    /**
     * Whether Vigil listened long enough to know the series past its threshold {@code since} is silent, not in a
     * backlog still on its way: it was not away, or came back at least the threshold before; or the series' own late
     * data reached into the absence (a backlog being read) and the fleet's scored data ({@code frontier}) has since
     * gone the threshold past its last window. A series whose data stopped before the absence gets the threshold
     * of listening after it: whatever it sent while nobody listened may be lost, not late.
     */
    private static boolean listened(Candidate c, Instant since, Duration threshold, Absence away, Instant frontier) {
        return away == null || away.to().isBefore(since)
                || c.lastWindow().isAfter(away.from()) && frontier != null
                && frontier.minus(threshold).isAfter(c.lastWindow());
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

package dev.vigil.alerting;

import dev.vigil.storage.AlertRule;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * After a detection run, reports series that stopped sending data and those that came back (README "Silence"),
 * in one transaction with their events under one lock across replicas, so each episode opens and ends once.
 */
@ApplicationScoped
public class SilenceRun {

    /** A reported episode: its events were sent. */
    static final String ALERTED = "alerted";
    /** An episode past the pass's cap: stored and counted in the pass's summary, no events of its own. */
    static final String CAPPED = "capped";

    /** What a pass did: episodes opened, of which reported one by one, and episodes ended. */
    public record Pass(int opened, int reported, int ended) {
    }

    private final SilenceStore store;
    private final RuleStore rules;
    private final OutboxStore outbox;
    private final SilenceConfig config;

    public SilenceRun(SilenceStore store, RuleStore rules, OutboxStore outbox, SilenceConfig config) {
        this.store = store;
        this.rules = rules;
        this.outbox = outbox;
        this.config = config;
    }

    @Transactional
    public Pass pass(Instant cutoff) {
        if (!config.enabled()) {
            return new Pass(0, 0, 0);
        }
        store.lock();
        List<AlertRule> enabled = rules.enabled();
        Duration floor = enabled.stream().map(AlertRule::silence).filter(d -> d != null && !d.isZero())
                .min(Comparator.naturalOrder()).orElse(null);
        // a series silent during a maintenance period of a rule covering it is judged again once it is over
        List<Candidate> silent = store.candidates(cutoff, config.after(), config.windows(), floor, config.horizon())
                .stream().filter(c -> silentAt(enabled, c, cutoff)).toList();
        List<String> outcomes = new ArrayList<>(silent.size());
        List<OutboxRow> events = new ArrayList<>();
        for (Candidate c : silent) {
            String outcome = outcomes.size() < config.maxEvents() ? ALERTED : CAPPED;
            outcomes.add(outcome);
            if (outcome.equals(ALERTED)) {
                events.add(SilenceEvents.started(c.opened(cutoff, outcome)));
            }
        }
        store.open(silent, outcomes, cutoff);
        int reported = events.size();
        if (silent.size() > reported) {
            events.add(SilenceEvents.capped(new SilenceEvents.Capped(cutoff, silent.size(), reported,
                    silent.size() - reported, byMetric(silent))));
        }
        List<Silence> ended = store.end(store.resumed(), cutoff);
        ended.stream().filter(s -> ALERTED.equals(s.outcome())).map(SilenceEvents::ended).forEach(events::add);
        outbox.add(events);
        return new Pass(silent.size(), reported, ended.size());
    }

    /**
     * Ends the series' open silence as dismissed (an operator knows why: a meter taken out of service), sending the
     * ended event if its start was sent; the same stop is not reported again, a later one is.
     */
    @Transactional
    public Optional<Silence> dismiss(long seriesId, Instant at) {
        store.lock();
        Optional<Silence> s = store.dismiss(seriesId, at);
        s.filter(x -> ALERTED.equals(x.outcome())).ifPresent(x -> outbox.add(List.of(SilenceEvents.ended(x))));
        return s;
    }

    /**
     * Whether the candidate is silent by the rules covering it: none in maintenance, and the least threshold among
     * them (the default one for a rule that sets none; none for a rule that turned silence off) passed. A series no
     * rule covers has the default rule's, the default threshold.
     */
    private boolean silentAt(List<AlertRule> enabled, Candidate c, Instant cutoff) {
        List<AlertRule> covering = enabled.stream().filter(r -> r.covers(c.metric(), c.dimensions())).toList();
        if (covering.stream().anyMatch(r -> r.inMaintenance(cutoff))) {
            return false;
        }
        Duration byDefault = Collections.max(List.of(config.after(),
                Duration.ofSeconds((long) c.stepSeconds() * config.windows())));
        Optional<Duration> threshold = covering.isEmpty() ? Optional.of(byDefault)
                : covering.stream().map(r -> r.silence() == null ? byDefault : r.silence())
                        .filter(d -> !d.isZero()).min(Comparator.naturalOrder());
        return threshold.isPresent() && c.lastWindow().isBefore(cutoff.minus(threshold.get()));
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

package dev.vigil.alerting;

import dev.vigil.storage.AlertRule;
import dev.vigil.storage.RuleStore;
import dev.vigil.storage.SilenceStore;
import dev.vigil.storage.SilenceStore.Candidate;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides, for a silence pass, which series are silent at its cutoff: past their own threshold (README "Silence", "A
 * rule's own threshold"), not in a maintenance period, and heard long enough since Vigil itself was last away. Joins
 * the pass's transaction.
 */
@ApplicationScoped
class SilenceJudge {

    /**
     * The series found silent, how many past their threshold were held because Vigil itself was away since
     * ({@code away}, null when it was not).
     */
    record Judged(List<Candidate> silent, int held, Absence away) {
    }

    private final SilenceStore store;
    private final RuleStore rules;
    private final SilenceConfig config;
    private final Uptime uptime;

    SilenceJudge(SilenceStore store, RuleStore rules, SilenceConfig config, Uptime uptime) {
        this.store = store;
        this.rules = rules;
        this.config = config;
        this.uptime = uptime;
    }

    /** Whether silence is looked for at all ({@code vigil.silence.enabled}). */
    boolean enabled() {
        return config.enabled();
    }

    /** The series silent at {@code cutoff}; records that this process is up at it. */
    Judged judge(Instant cutoff) {
        List<AlertRule> enabled = rules.enabled();
        Duration floor = enabled.stream().map(AlertRule::silence).filter(d -> d != null && !d.isZero())
                .min(Comparator.naturalOrder()).orElse(null);
        uptime.up(cutoff);
        Absence away = uptime.lastAbsence(cutoff).orElse(null);
        // the fleet's newest window (a scan of the series' states, as the candidates are) is read only while an
        // absence is on record: a coarse series' threshold (six weeks for a weekly one) can outlast the horizon, so
        // an absence longer ago than the horizon may still decide whether such a series was listened to
        Instant frontier = away == null ? null : store.frontier();
        // a series silent during a maintenance period of a rule covering it is judged again once it is over
        int held = 0;
        List<Candidate> silent = new ArrayList<>();
        for (Candidate c : store.candidates(cutoff, config.after(), config.windows(), floor, config.horizon())) {
            Optional<Duration> threshold = threshold(enabled, c, cutoff);
            if (threshold.isPresent() && c.lastWindow().isBefore(cutoff.minus(threshold.get()))) {
                if (listened(c, cutoff.minus(threshold.get()), threshold.get(), away, frontier)) {
                    silent.add(c);
                } else {
                    held++;
                }
            }
        }
        return new Judged(silent, held, away);
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
}

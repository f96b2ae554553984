package dev.vigil.alerting;

import dev.vigil.alerting.AlertGate.Flagged;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.DecisionStore;
import dev.vigil.storage.DecisionStore.Decision;
import dev.vigil.storage.DecisionStore.Span;
import dev.vigil.storage.DecisionStore.Stepped;
import dev.vigil.storage.DecisionStore.Window;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the alert rules need to know about one chunk's flagged windows, read in a few statements before the first
 * decision and kept up to date with the chunk's own decisions, which are stored together by {@link #flush}. Deciding
 * window by window with a query per fact cost about a millisecond per flagged window, which a fleet-wide event
 * multiplies by every series. The answers are those the stored decisions would give if each were stored as it is
 * taken: the rules' advisory locks keep other deciders out until the transaction ends.
 */
final class DecisionLedger {

    private record HourCount(long ruleId, String outcome, Instant hour) {
    }

    private final DecisionStore store;
    private final Map<Window, Map<Long, String>> existing;
    private final Map<Window, Duration> steps;
    private final Map<Span, Long> anomalous;
    /** Per rule with a snooze: the last stored alert before each window on its series. */
    private final Map<Long, Map<Window, Instant>> storedLastAlerts;
    /** Per rule and series: the windows this chunk alerted on. */
    private final Map<Long, Map<Long, TreeSet<Instant>>> alertedNow = new HashMap<>();
    private final Map<HourCount, Long> storedCounts = new HashMap<>();
    private final Map<HourCount, Long> countsNow = new HashMap<>();
    private final List<Stepped> pending = new ArrayList<>();
    private final Duration coarseStep;

    /** Windows of a coarse step the default rule's companion look-back counts at most. */
    static final int COARSE_CONFIRM_WINDOWS = 2;
    /** Windows of a coarse step the default rule's snooze covers at least: the next window of the same fault. */
    static final int COARSE_SNOOZE_WINDOWS = 2;

    private DecisionLedger(DecisionStore store, Map<Window, Map<Long, String>> existing, Map<Window, Duration> steps,
                           Map<Span, Long> anomalous, Map<Long, Map<Window, Instant>> storedLastAlerts,
                           Duration coarseStep) {
        this.store = store;
        this.existing = existing;
        this.steps = steps;
        this.anomalous = anomalous;
        this.storedLastAlerts = storedLastAlerts;
        this.coarseStep = coarseStep;
    }

    /**
     * The rule as it judges a window. Quiet settings are sized for 5-minute data: on a series of {@code coarseStep}
     * or longer (daily data, judged by the batch engine) a snooze of an hour never applies, so any rule's non-zero
     * snooze covers at least {@link #COARSE_SNOOZE_WINDOWS} steps there (the walk of 2026-12-06: a stored rule that
     * left {@code snooze} out, an hour, sent 144 of its 1,793 alerts the day after another on the same series); a
     * snooze of zero still means none. The default rule's companion look-back of 24 windows would be 24 days, in
     * which a weak flag nearly always finds one: there it looks back at most {@link #COARSE_CONFIRM_WINDOWS}. A stored
     * rule asks for no companion, so its look-back is left as it says.
     */
    static AlertRule fitted(AlertRule rule, Duration step, Duration coarseStep) {
        if (step == null || step.compareTo(coarseStep) < 0) {
            return rule;
        }
        Duration least = step.multipliedBy(COARSE_SNOOZE_WINDOWS);
        Duration snooze = rule.snooze().isZero() || rule.snooze().compareTo(least) >= 0 ? rule.snooze() : least;
        boolean defaultRule = rule.id() == 0 && AlertRule.DEFAULT_NAME.equals(rule.name());
        int confirm = defaultRule ? Math.min(rule.confirmWindows(), COARSE_CONFIRM_WINDOWS) : rule.confirmWindows();
        boolean same = snooze.equals(rule.snooze()) && confirm == rule.confirmWindows();
        return same ? rule : rule.withQuiet(snooze, confirm);
    }

    /** {@link #fitted(AlertRule, Duration, Duration)} at the window's step. */
    AlertRule fitted(AlertRule rule, Window w) {
        return fitted(rule, steps.get(w), coarseStep);
    }

    /** Reads what deciding {@code covering} (each flagged window with the rules that cover it) will ask. */
    static DecisionLedger load(DecisionStore store, Map<Flagged, List<AlertRule>> covering, Duration size,
                               Duration coarseStep) {
        List<Window> windows = new ArrayList<>(covering.keySet().stream().map(DecisionLedger::window).toList());
        // a continuing window is judged only when its event's flag left a decision waiting: read those too
        covering.keySet().stream().filter(Flagged::continues).map(DecisionLedger::eventWindow).forEach(windows::add);
        Map<Window, Map<Long, String>> existing = store.existing(windows);
        Map<Flagged, List<AlertRule>> open = new HashMap<>();
        covering.forEach((f, rules) -> {
            Map<Long, String> before = existing.getOrDefault(window(f), Map.of());
            List<AlertRule> undecided = rules.stream().filter(r -> !before.containsKey(r.id())).toList();
            if (!undecided.isEmpty()) {
                open.put(f, undecided);
            }
        });
        Map<Window, Duration> steps = store.steps(open.keySet().stream().map(DecisionLedger::window).toList(), size);
        Set<Span> spans = new LinkedHashSet<>();
        Map<Long, List<Window>> snoozed = new HashMap<>();
        open.forEach((f, rules) -> {
            Window w = window(f);
            for (AlertRule stated : rules) {
                AlertRule rule = fitted(stated, steps.get(w), coarseStep);
                // a continuing window counts its event's windows itself and is its flag's companion
                if (rule.minConsecutive() > 1 && !f.continues()) {
                    spans.add(consecutive(rule, w, steps.get(w)));
                }
                if (RuleJudge.needsCompanion(rule, f.result().severity()) && !f.continues()) {
                    spans.add(companion(rule, w, steps.get(w)));
                }
                // a snoozed rule's last alert, and whether a window after a replayed event completes anything
                if (!rule.snooze().isZero() || f.replayed()) {
                    snoozed.computeIfAbsent(rule.id(), id -> new ArrayList<>()).add(w);
                }
            }
        });
        Map<Long, Map<Window, Instant>> lastAlerts = new HashMap<>();
        snoozed.forEach((rule, ws) -> lastAlerts.put(rule, store.lastAlerts(rule, ws)));
        return new DecisionLedger(store, existing, steps, store.anomalous(List.copyOf(spans)), lastAlerts,
                coarseStep);
    }

    static Window window(Flagged f) {
        return new Window(f.window().seriesId(), f.window().start(), f.result().detector());
    }

    /** The first flagged window of the event a continuing window belongs to. */
    static Window eventWindow(Flagged f) {
        return new Window(f.window().seriesId(), f.event().start(), f.result().detector());
    }

    /** The windows a rule with {@code minConsecutive} looks back on, before {@code w}. */
    static Span consecutive(AlertRule rule, Window w, Duration step) {
        return new Span(w.seriesId(), w.detector(), w.start().minus(step.multipliedBy(rule.minConsecutive() - 1L)),
                w.start());
    }

    /** The windows in which a weak anomaly's companion must lie, before {@code w}. */
    static Span companion(AlertRule rule, Window w, Duration step) {
        return new Span(w.seriesId(), w.detector(), w.start().minus(step.multipliedBy(rule.confirmWindows())),
                w.start());
    }

    /** The decisions already taken for a window, rule id to outcome. */
    Map<Long, String> existing(Window w) {
        return existing.getOrDefault(w, Map.of());
    }

    /** The series' data step at the window (see {@link DecisionStore#steps}). */
    Duration step(Window w) {
        return required(steps.get(w), "step", w);
    }

    /** Anomalous windows of a span read by {@link #load}. */
    long anomalous(Span span) {
        return required(anomalous.get(span), "span", span);
    }

    /** The newest window before {@code w} on which this rule alerted for its series, or null. */
    Instant lastAlert(AlertRule rule, Window w) {
        Instant stored = storedLastAlerts.getOrDefault(rule.id(), Map.of()).get(w);
        TreeSet<Instant> now = alertedNow.getOrDefault(rule.id(), Map.of()).get(w.seriesId());
        Instant chunk = now == null ? null : now.lower(w.start());
        return stored == null ? chunk : chunk == null || stored.isAfter(chunk) ? stored : chunk;
    }

    /** This rule's decisions of {@code outcome} in the hour from {@code hour}, at most {@code atMost} counted. */
    long count(long ruleId, String outcome, Instant hour, int atMost) {
        HourCount key = new HourCount(ruleId, outcome, hour);
        // a previewed rule (negative id, RulePreview) has no stored decisions: no query per hour for it
        long stored = ruleId < 0 ? 0 : storedCounts.computeIfAbsent(key,
                k -> store.count(ruleId, outcome, hour, Duration.ofHours(1), atMost));
        return stored + countsNow.getOrDefault(key, 0L);
    }

    /** Takes a decision on window {@code w}: later facts of this chunk count it; {@link #flush} stores it. */
    void record(Window w, Decision d, Duration step) {
        pending.add(new Stepped(d, step));
        existing.computeIfAbsent(w, k -> new HashMap<>()).put(d.ruleId(), d.outcome());
        countsNow.merge(new HourCount(d.ruleId(), d.outcome(), d.windowStart().truncatedTo(ChronoUnit.HOURS)), 1L,
                Long::sum);
        if (Outcome.ALERTED.label().equals(d.outcome())) {
            alertedNow.computeIfAbsent(d.ruleId(), r -> new HashMap<>())
                    .computeIfAbsent(d.seriesId(), s -> new TreeSet<>()).add(d.windowStart());
        }
    }

    /**
     * Notes a decision on a window before a preview's period: {@link #existing} finds it (a later window of its event
     * asks what its flag left waiting), but no snooze, cap or store counts it.
     */
    void note(Window w, long ruleId, Outcome o) {
        existing.computeIfAbsent(w, k -> new HashMap<>()).put(ruleId, o.label());
    }

    /** Stores the chunk's decisions, in one statement. */
    void flush() {
        store.addAll(pending);
        pending.clear();
    }

    private static <T> T required(T value, String what, Object key) {
        if (value == null) {
            throw new IllegalStateException("no " + what + " was read for " + key);
        }
        return value;
    }
}

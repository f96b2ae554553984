package dev.vigil.alerting;

import dev.vigil.scheduling.DetectionConfig;
import dev.vigil.storage.IncidentStore;
import dev.vigil.storage.IncidentStore.Unassigned;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The grouping step of an {@link IncidentRun} pass: reads the anomalies rules let through that no incident holds yet,
 * groups them with the incidents near them ({@link IncidentGrouper}) and settles what no later pass can change; apart
 * so that the pass itself keeps only what it writes.
 */
@ApplicationScoped
class IncidentGrouping {

    /** Decisions older than this are not looked at again (a pass runs after every detection run). */
    static final Duration LOOKBACK = Duration.ofDays(2);

    private final IncidentStore store;
    private final IncidentConfig config;
    private final Clock clock;
    private final double chancePerWindow;
    private final IncidentSpans spans;

    IncidentGrouping(IncidentStore store, IncidentConfig config, DetectionConfig detection, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.chancePerWindow = ChanceFlags.perWindow(detection.sensitivity());
        this.spans = IncidentSpans.of(config, detection.coarseStep());
    }

    /** The quiet periods and coincidence spans of the configuration, coarse steps capped. */
    IncidentSpans spans() {
        return spans;
    }

    /**
     * The groups the fresh anomalies of the last {@link #LOOKBACK} form, each new or an existing incident with what
     * it gains (none without fresh anomalies); marks as settled those no later pass can change. In the caller's
     * transaction, under its lock.
     */
    List<IncidentGrouper.Group> group(Instant cutoff) {
        List<Unassigned> fresh = store.unassigned(clock.instant().minus(LOOKBACK));
        if (fresh.isEmpty()) {
            return List.of();
        }
        Map<Map<String, String>, Long> sizes = new HashMap<>();
        IncidentGrouper grouper = new IncidentGrouper(config, spans, chancePerWindow,
                scope -> sizes.computeIfAbsent(scope, store::seriesIn));
        Instant from = fresh.stream().map(Unassigned::window).min(Comparator.naturalOrder()).orElseThrow();
        Instant to = fresh.stream().map(Unassigned::window).max(Comparator.naturalOrder()).orElseThrow();
        List<IncidentGrouper.Group> existing = store.near(from, to, config.quietPeriod(), config.quietWindows(),
                        spans.coarseSeconds())
                .stream().map(i -> new IncidentGrouper.Group(i.id(), i.scope(), i.firstWindow(), i.lastWindow(),
                        i.stepSeconds(), i.sharedUntil())).toList();
        List<IncidentGrouper.Anomaly> anomalies = fresh.stream().map(u -> new IncidentGrouper.Anomaly(
                u.seriesId(), u.seriesKey(), u.metric(), u.dimensions(), u.window(), u.severity(), u.group(),
                u.stepSeconds())).toList();
        List<IncidentGrouper.Group> groups = grouper.group(existing, anomalies);
        Instant scored = store.oldestPending().filter(w -> w.isBefore(cutoff)).orElse(cutoff);
        store.settle(settled(fresh, anomalies, groups, scored));
        return groups;
    }

    /**
     * What no later pass can change: the anomalies incidents now hold, and those held back alone whose window lies
     * further before {@code scored} (the cutoff, or the oldest window a series still has to score if older) than
     * their quiet period and coincidence span (counted in their step) reach, and one step more: a companion or a
     * shared scope would have to come from a window already scored. So a pass reads only what it can still change,
     * and the outcome is the one a single pass over everything gives (a companion from data that arrives after that,
     * or a group anomaly its group scores that much later, does not join it).
     */
    private List<Unassigned> settled(List<Unassigned> fresh, List<IncidentGrouper.Anomaly> anomalies,
                                     List<IncidentGrouper.Group> groups, Instant scored) {
        Set<IncidentGrouper.Anomaly> held = new HashSet<>();
        groups.forEach(g -> held.addAll(g.added));
        List<Unassigned> out = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            Unassigned u = fresh.get(i);
            // plus one step: a window's data may come a step after it starts (a daily value stamped at the start of
            // its day comes once the day is over), so a companion at the edge of the reach may not be in yet; daily
            // series judged each morning otherwise settled a weak flag the run before its companion's day came
            Duration reach = spans.reach(u.stepSeconds()).plusSeconds(Math.max(0, u.stepSeconds()));
            if (held.contains(anomalies.get(i)) || u.window().plus(reach).isBefore(scored)) {
                out.add(u);
            }
        }
        return out;
    }
}

package dev.vigil.alerting;

import dev.vigil.scheduling.DetectionConfig;
import dev.vigil.storage.IncidentStore;
import dev.vigil.storage.IncidentStore.Incident;
import dev.vigil.storage.IncidentStore.Unassigned;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.OutboxStore.OutboxRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
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
import java.util.UUID;

/**
 * After a detection run, groups the anomalies rules let through into incidents ({@link IncidentGrouper}), ranks
 * each changed incident's root cause ({@link RootCause}), resolves incidents that went quiet before the run's
 * cutoff, and writes one event per change to the outbox, all in one transaction under one lock across replicas.
 * Anomalies are taken from decisions of the last {@link #LOOKBACK}; a pass that fails leaves them for the next.
 */
@ApplicationScoped
public class IncidentRun {

    /** Decisions older than this are not looked at again (a pass runs after every detection run). */
    static final Duration LOOKBACK = Duration.ofDays(2);

    /** What a pass did. */
    public record Pass(int opened, int updated, int resolved) {
    }

    private final IncidentStore store;
    private final OutboxStore outbox;
    private final IncidentConfig config;
    private final Clock clock;
    private final double chancePerWindow;

    public IncidentRun(IncidentStore store, OutboxStore outbox, IncidentConfig config, DetectionConfig detection,
                       Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
        this.chancePerWindow = ChanceFlags.perWindow(detection.sensitivity());
    }

    /**
     * What no later pass can change: the anomalies incidents now hold, and those held back alone whose window lies
     * further before {@code scored} (the cutoff, or the oldest window a series still has to score if older) than
     * their quiet period and coincidence span (counted in their step) reach: a companion or a shared scope would
     * have to come from a window already scored. So a pass reads only what it can still change, and the outcome is
     * the one a single pass over everything gives (a companion from data that arrives after that, or a group
     * anomaly its group scores that much later, does not join it).
     */
    private List<Unassigned> settled(List<Unassigned> fresh, List<IncidentGrouper.Anomaly> anomalies,
                                     List<IncidentGrouper.Group> groups, Instant scored) {
        Set<IncidentGrouper.Anomaly> held = new HashSet<>();
        groups.forEach(g -> held.addAll(g.added));
        List<Unassigned> out = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            Unassigned u = fresh.get(i);
            Duration reach = IncidentGrouper.reach(config, u.stepSeconds());
            if (held.contains(anomalies.get(i)) || u.window().plus(reach).isBefore(scored)) {
                out.add(u);
            }
        }
        return out;
    }

    @Transactional
    public Pass update(Instant cutoff) {
        store.lock();
        List<OutboxRow> events = new ArrayList<>();
        int opened = 0;
        int updated = 0;
        List<Unassigned> fresh = store.unassigned(clock.instant().minus(LOOKBACK));
        if (!fresh.isEmpty()) {
            Map<Map<String, String>, Long> fleet = new HashMap<>();
            Map<String, Long> metrics = new HashMap<>();
            Map<Map<String, String>, Long> sizes = new HashMap<>();
            IncidentGrouper grouper = new IncidentGrouper(config, chancePerWindow,
                    scope -> sizes.computeIfAbsent(scope, store::seriesIn));
            Instant from = fresh.stream().map(Unassigned::window).min(Comparator.naturalOrder()).orElseThrow();
            Instant to = fresh.stream().map(Unassigned::window).max(Comparator.naturalOrder()).orElseThrow();
            List<IncidentGrouper.Group> existing = store.near(from, to, config.quietPeriod(), config.quietWindows())
                    .stream().map(i -> new IncidentGrouper.Group(i.id(), i.scope(), i.firstWindow(), i.lastWindow(),
                            i.stepSeconds(), i.sharedUntil())).toList();
            List<IncidentGrouper.Anomaly> anomalies = fresh.stream().map(u -> new IncidentGrouper.Anomaly(
                    u.seriesId(), u.seriesKey(), u.metric(), u.dimensions(), u.window(), u.severity(), u.group(),
                    u.stepSeconds())).toList();
            List<IncidentGrouper.Group> groups = grouper.group(existing, anomalies);
            Instant scored = store.oldestPending().filter(w -> w.isBefore(cutoff)).orElse(cutoff);
            store.settle(settled(fresh, anomalies, groups, scored));
            for (IncidentGrouper.Group g : groups) {
                boolean isNew = g.id == null;
                UUID id = isNew ? UUID.nameUUIDFromBytes(("incident|" + g.scope + "|" + g.first)
                        .getBytes(StandardCharsets.UTF_8)) : g.id;
                if (isNew) {
                    store.create(id, g.scope, g.first);
                }
                if (g.sharedUntil != null) {
                    store.shared(id, g.sharedUntil);
                }
                for (IncidentGrouper.Anomaly a : g.added) {
                    if (a.group() == null) {
                        store.add(id, a.seriesId(), a.window(), a.severity());
                    } else {
                        store.addGroup(id, a.group(), a.seriesId(), a.window(), a.severity());
                    }
                }
                List<IncidentStore.Part> members = new ArrayList<>(store.parts(id));
                members.addAll(store.groupParts(id));
                List<RootCause.SeriesPart> parts = members.stream().map(p -> new RootCause.SeriesPart(
                        Long.toString(p.seriesId()), p.seriesKey(), p.metric(), p.dimensions(), p.severitySum(),
                        p.peakSeverity(), p.anomalies())).toList();
                store.refresh(id, RootCause.rank(parts, values -> fleet.computeIfAbsent(values, store::entitiesWith),
                        m -> metrics.computeIfAbsent(m, store::seriesWith)), g.step);
                events.add(IncidentEvents.of(isNew ? IncidentEvents.OPENED : IncidentEvents.UPDATED,
                        store.find(id).orElseThrow()));
                if (isNew) {
                    opened++;
                } else {
                    updated++;
                }
            }
        }
        List<UUID> resolved = store.resolveQuiet(cutoff, config.quietPeriod(), config.quietWindows());
        for (UUID id : resolved) {
            Incident i = store.find(id).orElseThrow();
            events.add(IncidentEvents.of(IncidentEvents.RESOLVED, i));
        }
        if (config.events()) {
            outbox.add(events);
        }
        return new Pass(opened, updated, resolved.size());
    }
}

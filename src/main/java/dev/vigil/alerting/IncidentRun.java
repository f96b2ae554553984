package dev.vigil.alerting;

import dev.vigil.storage.IncidentStore;
import dev.vigil.storage.IncidentStore.Incident;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.OutboxStore.OutboxRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * After a detection run, groups the anomalies rules let through into incidents ({@link IncidentGrouper}), ranks
 * each changed incident's root cause ({@link RootCause}), resolves incidents that went quiet before the run's
 * cutoff, and writes one event per change to the outbox, all in one transaction under one lock across replicas.
 * Anomalies are taken from decisions of the last {@link IncidentGrouping#LOOKBACK}; a pass that fails leaves them for
 * the next.
 */
@ApplicationScoped
public class IncidentRun {

    /** What a pass did. */
    public record Pass(int opened, int updated, int resolved) {
    }

    private final IncidentStore store;
    private final OutboxStore outbox;
    private final IncidentGrouping grouping;
    private final IncidentConfig config;

    public IncidentRun(IncidentStore store, OutboxStore outbox, IncidentGrouping grouping, IncidentConfig config) {
        this.store = store;
        this.outbox = outbox;
        this.grouping = grouping;
        this.config = config;
    }

    @Transactional
    public Pass update(Instant cutoff) {
        store.lock();
        List<OutboxRow> events = new ArrayList<>();
        int opened = 0;
        int updated = 0;
        Map<Map<String, String>, Long> fleet = new HashMap<>();
        Map<String, Long> metrics = new HashMap<>();
        for (IncidentGrouper.Group g : grouping.group(cutoff)) {
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
        List<UUID> resolved = store.resolveQuiet(cutoff, config.quietPeriod(), config.quietWindows(),
                grouping.spans().coarseSeconds());
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

package dev.vigil.scheduling;

import dev.vigil.storage.ScoringStore.WindowRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a shard's windows for one run (oldest first across its series) into chunks of whole series: each series'
 * windows go to one chunk, in time order, so its detector state is read and written once per run; a series with
 * more windows than a chunk holds (a backfill) is cut into consecutive chunks. Series come in the order of their
 * oldest window, so a run that stops early (shutdown, fault) has done the oldest work.
 */
final class ShardPlan {

    private ShardPlan() {
    }

    /** The chunks, each of about {@code chunk} windows; empty for no windows. */
    static List<List<WindowRef>> chunks(List<WindowRef> oldestFirst, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be at least 1, was " + chunk);
        }
        Map<Long, List<WindowRef>> bySeries = new LinkedHashMap<>();
        oldestFirst.forEach(w -> bySeries.computeIfAbsent(w.seriesId(), id -> new ArrayList<>()).add(w));
        List<List<WindowRef>> chunks = new ArrayList<>();
        List<WindowRef> current = new ArrayList<>();
        for (List<WindowRef> series : bySeries.values()) {
            for (int from = 0; from < series.size(); from += chunk) {
                List<WindowRef> part = series.subList(from, Math.min(series.size(), from + chunk));
                if (!current.isEmpty() && current.size() + part.size() > chunk) {
                    chunks.add(current);
                    current = new ArrayList<>();
                }
                current.addAll(part);
            }
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }
}

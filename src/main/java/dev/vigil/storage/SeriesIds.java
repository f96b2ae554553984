package dev.vigil.storage;

import dev.vigil.aggregation.SeriesKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers each series' id ({@link SeriesKey#id()}: its canonical key printed and hashed with SHA-256), since a
 * fleet sends the same series over and over. Bounded: when full it starts over, and a miss only costs the hash.
 * Thread-safe.
 */
final class SeriesIds {

    private final int max;
    private final Map<SeriesKey, Long> ids = new ConcurrentHashMap<>();

    SeriesIds(int max) {
        this.max = max;
    }

    long of(SeriesKey key) {
        Long id = ids.get(key);
        if (id != null) {
            return id;
        }
        if (ids.size() >= max) {
            ids.clear();
        }
        long computed = key.id();
        ids.put(key, computed);
        return computed;
    }
}

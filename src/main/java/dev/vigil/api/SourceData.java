package dev.vigil.api;

import dev.vigil.detection.multivariate.Aligner;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables read from a multivariate data source, in the source's order: each with its observations (times
 * in the file's order, values finite; empty cells are left out).
 */
record SourceData(Map<String, Aligner.Observations> variables) {

    SourceData {
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    List<String> names() {
        return List.copyOf(variables.keySet());
    }

    /** The earliest and latest observation over all variables; null when there is none. */
    Instant first() {
        return variables.values().stream().flatMap(o -> o.times().stream()).min(Instant::compareTo).orElse(null);
    }

    Instant last() {
        return variables.values().stream().flatMap(o -> o.times().stream()).max(Instant::compareTo).orElse(null);
    }
}

package dev.vigil.storage;

import java.util.List;
import java.util.Map;

/**
 * What explains an incident, best first: at most 10 dimension values, 3 combinations of two values and 20 series
 * (README "Incidents").
 *
 * @param dimensions   dimension values (the metric counts as one) by score
 * @param series       series by their share of the incident's summed severity
 * @param combinations two values of different dimensions that together explain the incident better than either alone
 *                     (a region's api hosts), by score; empty in rankings stored before they were ranked
 */
public record RootCauseRanking(List<DimensionCause> dimensions, List<SeriesCause> series,
                               List<CombinationCause> combinations) {

    public RootCauseRanking {
        combinations = combinations == null ? List.of() : List.copyOf(combinations);
    }

    /**
     * @param score     (anomalous with it / anomalous) * (anomalous with it / all with it), 0..1
     * @param anomalous entities of the incident with the value (series, for a metric)
     * @param total     entities of the fleet with the value (series, for a metric)
     */
    public record DimensionCause(String key, String value, double score, long anomalous, long total) {
    }

    /** Two dimension values scored together as one value is: entities of the incident and of the fleet with both. */
    public record CombinationCause(Map<String, String> dimensions, double score, long anomalous, long total) {
    }

    /** A series with its share (0..1) of the incident's summed severity. */
    public record SeriesCause(String seriesId, String seriesKey, double share, double peakSeverity, int anomalies) {
    }

    public static RootCauseRanking empty() {
        return new RootCauseRanking(List.of(), List.of(), List.of());
    }
}

package dev.vigil.storage;

import java.util.List;

/**
 * What explains an incident, best first: at most 10 dimension values and 20 series (README "Incidents").
 *
 * @param dimensions dimension values (the metric counts as one) by score
 * @param series     series by their share of the incident's summed severity
 */
public record RootCauseRanking(List<DimensionCause> dimensions, List<SeriesCause> series) {

    /**
     * @param score     (anomalous with it / anomalous) * (anomalous with it / all with it), 0..1
     * @param anomalous entities of the incident with the value (series, for a metric)
     * @param total     entities of the fleet with the value (series, for a metric)
     */
    public record DimensionCause(String key, String value, double score, long anomalous, long total) {
    }

    /** A series with its share (0..1) of the incident's summed severity. */
    public record SeriesCause(String seriesId, String seriesKey, double share, double peakSeverity, int anomalies) {
    }

    public static RootCauseRanking empty() {
        return new RootCauseRanking(List.of(), List.of());
    }
}

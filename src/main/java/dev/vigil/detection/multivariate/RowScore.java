package dev.vigil.detection.multivariate;

import java.util.List;

/**
 * The judgement of one aligned row.
 *
 * @param anomaly        true if {@code score} exceeds the model's threshold
 * @param score          raw and unbounded: the largest per-variable score (for {@link PcaEngine}, the geometric
 *                       mean of the scaled residual and the scaled change)
 * @param severity       0..1: 0 when not anomalous, else {@code 1 - threshold / score}
 * @param interpretation every variable of the model, largest contribution first; contributions are non-negative
 *                       and sum to 1 (all 0 when the row matches the model exactly)
 */
public record RowScore(boolean anomaly, double score, double severity, List<Contribution> interpretation) {

    public RowScore {
        interpretation = List.copyOf(interpretation);
        if (!(severity >= 0 && severity <= 1)) {
            throw new IllegalArgumentException("severity must be in 0..1, was " + severity);
        }
    }
}

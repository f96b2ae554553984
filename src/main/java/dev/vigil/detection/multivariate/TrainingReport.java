package dev.vigil.detection.multivariate;

import java.util.List;

/**
 * What training found.
 *
 * @param rows       rows in the training matrix
 * @param components principal components kept (0 when training failed before the decomposition)
 * @param threshold  the score above which a row is anomalous (calibrated on the training rows; NaN if failed)
 * @param quality    one entry per variable, in column order
 */
public record TrainingReport(int rows, int components, double threshold, List<VariableQuality> quality) {

    public TrainingReport {
        quality = List.copyOf(quality);
    }
}

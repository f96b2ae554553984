package dev.vigil.detection.multivariate;

import java.util.HashSet;
import java.util.List;

/**
 * An aligned training matrix: {@code rows[i][j]} is variable {@code j} at the i-th time step, in time order,
 * {@code NaN} where the value is missing (after the alignment policy, see {@link Aligner}).
 *
 * @param variables distinct, non-blank names, one per column
 * @param rows      the matrix; every row has {@code variables.size()} entries. Not copied: the caller must not
 *                  change it while training runs
 */
public record TrainingData(List<String> variables, double[][] rows) {

    public TrainingData {
        if (variables == null || rows == null) {
            throw new IllegalArgumentException("variables and rows must not be null");
        }
        variables = List.copyOf(variables);
        if (new HashSet<>(variables).size() != variables.size() || variables.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("variable names must be distinct and not blank");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != variables.size()) {
                throw new IllegalArgumentException("row " + i + " must have " + variables.size() + " values");
            }
        }
    }
}

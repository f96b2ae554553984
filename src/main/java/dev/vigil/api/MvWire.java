package dev.vigil.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.ingestion.InputRules;
import java.util.List;

/**
 * The GA {@code v1.1} multivariate wire shapes (azure-api.md §5), also stored as JSON in {@code mv_model} and
 * {@code mv_result}. The preview versions differ in a few names; {@link MvShapes} renames them on the way out.
 */
final class MvWire {

    private MvWire() {
    }

    /**
     * One error of a model or result. The message is stored (PostgreSQL JSON) and may quote the data: control
     * characters and unpaired surrogates in it are written as {@code <U+XXXX>}, since a NUL cannot be stored and
     * would have left the job retrying.
     */
    record ErrorItem(String code, String message) {
        ErrorItem {
            message = escaped(message);
        }

        private static String escaped(String s) {
            if (s == null || InputRules.badCharacter(s, true) == null) {
                return s;
            }
            StringBuilder out = new StringBuilder(s.length() + 16);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1));
                if (paired) {
                    out.append(c).append(s.charAt(++i));
                } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                    out.append(String.format("<U+%04X>", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AlignPolicy(String alignMode, String fillNAMethod, Double paddingValue) {
    }

    /**
     * GA names; the preview calls the two times {@code startTime}, {@code endTime}. Both are written in every
     * version: the Java SDK 3.0.0-beta.4 set to {@code v1.1} reads the preview's names from GA answers.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VariableState(String variable, Double filledNARatio, Integer effectiveCount, String firstTimestamp,
                         String lastTimestamp) {

        @JsonProperty(value = "startTime", access = JsonProperty.Access.READ_ONLY)
        String startTime() {
            return firstTimestamp;
        }

        @JsonProperty(value = "endTime", access = JsonProperty.Access.READ_ONLY)
        String endTime() {
            return lastTimestamp;
        }
    }

    /**
     * Vigil's engine trains in one pass, not in epochs: one entry, the mean training-row score relative to the
     * model's threshold as the loss, and the training time (README, "Multivariate API").
     */
    record ModelState(List<Integer> epochIds, List<Double> trainLosses, List<Double> validationLosses,
                      List<Double> latenciesInSeconds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DiagnosticsInfo(ModelState modelState, List<VariableState> variableStates) {
    }

    /** The train request (GA {@code ModelInfo}) as stored, without the read-only parts. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TrainRequest(String dataSource, String dataSchema, String startTime, String endTime, String displayName,
                        Integer slidingWindow, AlignPolicy alignPolicy) {
    }

    /** The GA {@code ModelInfo}, with the preview's {@code source} beside {@code dataSource} (as variable states). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ModelInfo(String dataSource, String dataSchema, String startTime, String endTime, String displayName,
                     Integer slidingWindow, AlignPolicy alignPolicy, String status, List<ErrorItem> errors,
                     DiagnosticsInfo diagnosticsInfo) {

        @JsonProperty(value = "source", access = JsonProperty.Access.READ_ONLY)
        String source() {
            return dataSource;
        }
    }

    record Model(String modelId, String createdTime, String lastUpdatedTime, ModelInfo modelInfo) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ModelList(List<ModelListItem> models, int currentCount, int maxCount, String nextLink) {
    }

    /**
     * A list item in both versions' shapes at once: the GA model ({@code modelInfo}) and the preview's
     * {@code ModelSnapshot} fields beside it ({@code status}, {@code displayName}, {@code variablesCount}). Each
     * client reads its own and ignores the rest, whichever version it asks with (the Java SDK 3.0.0-beta.4 set to
     * {@code v1.1} reads snapshots from the GA route).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ModelListItem(String modelId, String createdTime, String lastUpdatedTime, String status,
                         String displayName, int variablesCount, ModelInfo modelInfo) {

        static ModelListItem of(Model m, int variablesCount) {
            ModelInfo i = m.modelInfo();
            return new ModelListItem(m.modelId(), m.createdTime(), m.lastUpdatedTime(), i.status(), i.displayName(),
                    variablesCount, i);
        }
    }

    /**
     * The variables whose correlation with the contributor moved from training, and by how much (recent minus
     * training correlation, -2..2). The preview's shape has both lists; the GA spec kept only the names, its docs
     * still mention the values, and clients ignore what they do not read. Results stored before carry no values.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CorrelationChanges(List<String> changedVariables, List<Double> changedValues) {
    }

    record Interpretation(String variable, double contributionScore, CorrelationChanges correlationChanges) {
    }

    record AnomalyValue(@JsonProperty("isAnomaly") boolean isAnomaly, double severity, double score,
                        List<Interpretation> interpretation) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AnomalyState(String timestamp, AnomalyValue value, List<ErrorItem> errors) {
    }

    /** GA {@code MultivariateBatchDetectionOptions}: the batch request, echoed as {@code setupInfo}. */
    record BatchOptions(String dataSource, int topContributorCount, String startTime, String endTime) {
    }

    record Summary(String status, List<ErrorItem> errors, List<VariableState> variableStates, BatchOptions setupInfo) {
    }

    record DetectionResult(String resultId, Summary summary, List<AnomalyState> results) {
    }

    record LastResult(List<VariableState> variableStates, List<AnomalyState> results) {
    }
}

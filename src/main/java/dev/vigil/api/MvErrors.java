package dev.vigil.api;

import java.util.UUID;

/** The multivariate API's not-found answers (404), with the service's codes. */
final class MvErrors {

    private MvErrors() {
    }

    static AzureApiException modelNotExist(Object modelId) {
        return new AzureApiException(404, "ModelNotExist", "The model " + modelId + " does not exist.");
    }

    static AzureApiException resultNotExist(Object resultId) {
        return new AzureApiException(404, "ResultNotExist", "The result " + resultId
                + " does not exist (results are kept for vigil.api.multivariate.result-retention, 7 days).");
    }

    /** A path id that is not a UUID names nothing: the same 404 as an unknown one. */
    static UUID modelId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw modelNotExist(text);
        }
    }

    static UUID resultId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw resultNotExist(text);
        }
    }
}

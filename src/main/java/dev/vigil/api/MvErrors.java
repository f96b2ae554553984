package dev.vigil.api;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The multivariate API's not-found answers (404), with the service's codes, and Vigil's own stored-state errors. */
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

    /**
     * A job's stored errors, plus one saying that this replica cannot open its sealed {@code dataSource} (shown as
     * null then) when {@code unreadable} says why.
     */
    static List<MvWire.ErrorItem> withUnreadable(List<MvWire.ErrorItem> stored, String unreadable) {
        if (unreadable == null) {
            return stored;
        }
        List<MvWire.ErrorItem> out = new ArrayList<>(stored);
        out.add(new MvWire.ErrorItem("DataSourceUnreadable", "This server cannot open the stored dataSource: "
                + unreadable + "."));
        return out;
    }

    /** A path id that is not a UUID names nothing: the same 404 as an unknown one. */
    static UUID modelId(String text) {
        UUID id = uuid(text);
        if (id == null) {
            throw modelNotExist(text);
        }
        return id;
    }

    static UUID resultId(String text) {
        UUID id = uuid(text);
        if (id == null) {
            throw resultNotExist(text);
        }
        return id;
    }

    /**
     * The UUID in its 36-character form (either case), or null. {@code UUID.fromString} also takes short groups:
     * {@code 1-1-1-1-1} was answered as model 00000001-0001-..., another id than the one sent.
     */
    private static UUID uuid(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equalsIgnoreCase(text) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

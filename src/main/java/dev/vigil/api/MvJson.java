package dev.vigil.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** JSON of the multivariate shapes stored in PostgreSQL: written and read back by the application's mapper. */
@ApplicationScoped
class MvJson {

    private static final TypeReference<List<MvWire.ErrorItem>> ERRORS = new TypeReference<>() { };
    private static final TypeReference<List<MvWire.VariableState>> STATES = new TypeReference<>() { };
    private static final TypeReference<List<MvWire.AnomalyState>> RESULTS = new TypeReference<>() { };

    private final ObjectMapper mapper;

    MvJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("multivariate shape not serialisable", e);
        }
    }

    JsonNode tree(String json) {
        return read(json, JsonNode.class);
    }

    <T> T read(String json, Class<T> type) {
        try {
            return json == null ? null : mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored multivariate JSON unreadable", e);
        }
    }

    List<MvWire.ErrorItem> errors(String json) {
        return read(json, ERRORS);
    }

    List<MvWire.VariableState> states(String json) {
        return read(json, STATES);
    }

    List<MvWire.AnomalyState> results(String json) {
        return read(json, RESULTS);
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored multivariate JSON unreadable", e);
        }
    }

    /** A request body; malformed JSON is the service's 400 {@code InvalidJsonFormat}. */
    JsonNode body(String body) {
        if (body == null || body.isBlank()) {
            throw AzureApiException.badRequest(ErrorCodes.INVALID_JSON_FORMAT, "The request body is empty.");
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw AzureApiException.badRequest(ErrorCodes.INVALID_JSON_FORMAT, "The request body is not valid JSON.");
        }
    }
}

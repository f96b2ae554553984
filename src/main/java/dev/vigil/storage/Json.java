package dev.vigil.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** The JSON writer storage uses for jsonb columns (dimensions, alert payloads). */
public final class Json {

    /** Refuses anything after the first value: a second document in a body would otherwise be dropped silently. */
    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TypeReference<Map<String, String>> DIMENSIONS = new TypeReference<>() {
    };

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + value.getClass(), e);
        }
    }

    /** Parses JSON text (a jsonb column read as text) into maps, lists and scalars. */
    public static Object read(String json) {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON", e);
        }
    }

    /** A stored dimensions object (jsonb read as text) as a map. */
    public static Map<String, String> dimensions(String json) {
        try {
            return MAPPER.readValue(json, DIMENSIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored dimensions are JSON objects", e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}

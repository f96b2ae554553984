package dev.vigil.ingestion;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The application's mapper (Funqy reads CloudEvents' data with it, the Kafka decoder records with it) refuses anything
 * after the first JSON value: newline-delimited readings sent as one body were stored up to the first line and the
 * rest dropped without a word. Now the sender gets {@code MalformedJson}.
 */
@Singleton
public class OneJsonValue implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}

package dev.vigil.api;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Writes doubles with Jackson's Schubfach writer instead of Java 17's {@code Double.toString}: a detection answer
 * is thousands of doubles (expected values and margins), and the JDK's conversion was the largest cost of writing
 * it. Both give digits that read back to the same double.
 */
@Singleton
public class FastNumberWriting implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());
    }
}

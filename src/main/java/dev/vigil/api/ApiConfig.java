package dev.vigil.api;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Configuration of the Azure-compatible API. */
@ConfigMapping(prefix = "vigil.api")
public interface ApiConfig {

    /**
     * Accepted {@code Ocp-Apim-Subscription-Key} values (comma-separated). With none configured every request to
     * {@code /anomalydetector} is refused with 401: the API fails closed.
     */
    Optional<List<String>> keys();
}

package dev.vigil.api;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The configured {@link DataSources}, built once from {@link MultivariateConfig}. */
@ApplicationScoped
class MvSources {

    private final DataSources sources;

    MvSources(MultivariateConfig config) {
        this.sources = new DataSources(config.allowedUrls().orElse(List.of()), config.dataDir(),
                config.maxSourceBytes(), config.fetchTimeout());
    }

    DataSources get() {
        return sources;
    }
}

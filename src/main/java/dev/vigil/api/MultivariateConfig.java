package dev.vigil.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the Azure-compatible multivariate API (README, "Multivariate API"). */
@ConfigMapping(prefix = "vigil.api.multivariate")
public interface MultivariateConfig {

    /**
     * URL prefixes a {@code dataSource} may start with (comma-separated, for example
     * {@code https://files.example.internal/mvad/}). Vigil fetches nothing else: no prefix, no http(s) sources.
     */
    Optional<List<String>> allowedUrls();

    /** The directory {@code file:} sources are read from; unset, {@code file:} sources are refused. */
    Optional<Path> dataDir();

    /** Training and batch-detection jobs run at once on this replica (the rest wait in order). */
    @WithDefault("2")
    int concurrency();

    /** Models at most (the service's TooManyModels limit per resource). */
    @WithDefault("300")
    int maxModels();

    /** Models being trained (CREATED or RUNNING) at most (the service's TooManyRunningModels). */
    @WithDefault("5")
    int maxRunningModels();

    /** A job's lease: a job whose replica stops renewing it for this long is taken over by another. */
    @WithDefault("PT1M")
    Duration lease();

    /** How often this replica renews its leases and looks for waiting or interrupted jobs. */
    @WithDefault("20s")
    String heartbeat();

    /** Claims of one job at most; a job interrupted this often fails with the reason instead. */
    @WithDefault("3")
    int maxAttempts();

    /** How long batch results are kept (the service: 7 days). */
    @WithDefault("P7D")
    Duration resultRetention();

    /** Largest data source read, in bytes (a CSV, or a zip and its unpacked CSVs together). */
    @WithDefault("268435456")
    long maxSourceBytes();

    /** Time-out of fetching an http(s) source. */
    @WithDefault("PT60S")
    Duration fetchTimeout();
}

package dev.vigil.groups;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Multivariate groups: training, scoring and rules given in configuration (README, "Groups"). */
@ConfigMapping(prefix = "vigil.groups")
public interface GroupConfig {

    /** Quartz cron (UTC) of the scheduled retraining of every entity of every group; {@code off} disables it. */
    @WithDefault("0 30 2 * * ?")
    String trainingCron();

    /**
     * How often entities without a model (new entities, new or changed rules) are looked for and trained; {@code off}
     * disables it. Failed models wait for the daily retraining or a request.
     */
    @WithDefault("15m")
    String newEntitiesEvery();

    /** Entity models trained at once (each takes one core while it trains). */
    @WithDefault("2")
    int trainingConcurrency();

    /** Inactive model versions kept per entity besides the active one (at least 1). */
    @WithDefault("2")
    int keepVersions();

    /** An entity with more variables than this is not trained (its model FAILS with that reason). */
    @WithDefault("500")
    int maxVariables();

    /** A training still CREATED or RUNNING after this long was lost with its replica and is marked FAILED. */
    @WithDefault("PT1H")
    Duration trainingTimeout();

    /** How far back a late reading still re-scores a group window (its row is rebuilt and judged again). */
    @WithDefault("PT6H")
    Duration lateHorizon();

    /** Most windows one entity scores per run; a longer backlog catches up over several runs. */
    @WithDefault("2016")
    int maxWindowsPerRun();

    /**
     * Rules defined here, by name ({@code vigil.groups.rules.meters.metrics=power,voltage}); written to the database
     * at start-up and read-only through the API. Unset fields take the API's defaults.
     */
    Map<String, Rule> rules();

    /** One configured rule; see the API's rule fields. */
    interface Rule {
        List<String> metrics();

        Optional<List<String>> by();

        Optional<String> aggregate();

        Optional<String> fill();

        OptionalDouble fillValue();

        Optional<String> trainingSpan();

        /** The grid the variables are resampled to (ISO-8601, a multiple of the window), e.g. PT1H. */
        Optional<String> step();
    }
}

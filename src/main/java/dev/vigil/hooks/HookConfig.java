package dev.vigil.hooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How hooks are delivered (README "Hooks"). */
@ConfigMapping(prefix = "vigil.hooks")
public interface HookConfig {

    /** How often due deliveries are sent ({@code off} disables the schedule). */
    @WithDefault("5s")
    String every();

    /** Most deliveries taken per pass; a full pass is followed by another at once. */
    @WithDefault("100")
    int batch();

    /**
     * Most deliveries of one hook a replica sends at once; that hook's next ones are taken once these are answered,
     * so an endpoint that never answers holds this many senders for a timeout and no more.
     */
    @WithDefault("50")
    int perHook();

    /** Most deliveries a replica sends at once, over every hook. */
    @WithDefault("500")
    int maxInFlight();

    /** How long one request may take, connection included, before it counts as failed. */
    @WithDefault("PT10S")
    Duration timeout();

    /**
     * How long a taken delivery is held from other replicas; a replica that dies while sending leaves it to be
     * sent again after this (the receiver drops the repeat by its {@code webhook-id}). Longer than {@link #timeout()}.
     */
    @WithDefault("PT2M")
    Duration lease();

    /** The wait after a first failed attempt; it doubles after each further failure, up to {@link #retryMax()}. */
    @WithDefault("PT30S")
    Duration retryFirst();

    /** The longest wait between attempts. */
    @WithDefault("PT1H")
    Duration retryMax();

    /**
     * Attempts before a delivery is given up ({@code failed}; it may be retried by hand). With the defaults the 18
     * attempts span about 11 hours: an endpoint down for a night loses nothing.
     */
    @WithDefault("18")
    int maxAttempts();

    /**
     * The dashboard's address as people reach it ({@code https://vigil.example.com/dashboard/}): chat lines then end
     * in a link to the series, entity or incident. None: no links.
     */
    Optional<String> dashboardUrl();
}

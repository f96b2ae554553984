package dev.vigil.observability;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How Vigil writes its log. */
@ConfigMapping(prefix = "vigil.log")
public interface LogConfig {

    /** One JSON object per line on the console (with the MDC, so the trace id), for log shippers. */
    @WithDefault("false")
    boolean json();
}

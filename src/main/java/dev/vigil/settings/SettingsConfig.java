package dev.vigil.settings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How Vigil treats settings it does not know (README, "Configuration"). */
@ConfigMapping(prefix = "vigil.settings")
public interface SettingsConfig {

    /**
     * Start despite {@code VIGIL_*} variables and {@code vigil.*} keys that name no setting, logging a warning for
     * each, instead of refusing to start ({@code VIGIL_SETTINGS_ALLOW_UNKNOWN}).
     */
    @WithDefault("false")
    boolean allowUnknown();
}

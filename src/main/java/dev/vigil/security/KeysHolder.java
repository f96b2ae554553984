package dev.vigil.security;

import dev.vigil.api.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The configured keys, parsed once: {@code VIGIL_KEYS} and, with the {@code azure} role, {@code VIGIL_API_KEYS}. */
@ApplicationScoped
public class KeysHolder {

    /** The identity of a request when no key is configured (a local run, or anonymous access allowed). */
    static final ApiKeys.Key ANONYMOUS = new ApiKeys.Key("anonymous", Set.copyOf(EnumSet.allOf(Role.class)));

    private final ApiKeys keys;

    public KeysHolder(SecurityConfig security, ApiConfig azure) {
        this.keys = ApiKeys.parse(security.keys().orElse(""), azure.keys().orElse(List.of()));
    }

    public ApiKeys keys() {
        return keys;
    }
}

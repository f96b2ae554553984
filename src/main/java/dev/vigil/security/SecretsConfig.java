package dev.vigil.security;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Keys that seal the credentials Vigil keeps in PostgreSQL (README "Hooks", "Sealed secrets";
 * "Multivariate API", "Sealed data sources"). */
@ConfigMapping(prefix = "vigil.secrets")
public interface SecretsConfig {

    /**
     * AES-256 keys, each the base64 of 32 random bytes, comma-separated ({@code VIGIL_SECRETS_KEYS}): the first seals
     * what is written, every one opens. Unset: credentials are kept as given.
     */
    Optional<List<String>> keys();
}

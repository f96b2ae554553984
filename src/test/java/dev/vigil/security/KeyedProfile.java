package dev.vigil.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Vigil as production runs it: keys configured, anonymous access off. One key per role, and one with them all. */
public class KeyedProfile implements QuarkusTestProfile {

    public static final String INGEST = "ingest-secret-0001";
    public static final String READ = "read-secret-0002";
    public static final String OPERATE = "operate-secret-0003";
    public static final String ADMIN = "admin-secret-0004";
    public static final String ALL = "all-secret-0005";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("vigil.security.keys", INGEST + "=ingest," + READ + "=read," + OPERATE + "=operate," + ADMIN
                        + "=admin," + ALL + "=ingest+read+operate+admin+azure",
                "vigil.security.allow-anonymous", "false");
    }
}

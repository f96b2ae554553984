package dev.vigil.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.ApiConfig;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void entriesGiveRolesAndNamesThatDoNotRevealTheSecret() {
        ApiKeys keys = ApiKeys.parse("s3cret-a=ingest, s3cret-b=read+operate", List.of("azure-1"));
        assertEquals(Set.of(Role.INGEST), keys.find("s3cret-a").orElseThrow().roles());
        assertEquals(Set.of(Role.READ, Role.OPERATE), keys.find("s3cret-b").orElseThrow().roles());
        assertEquals(Set.of(Role.AZURE), keys.find("azure-1").orElseThrow().roles());
        assertTrue(keys.find("s3cret-c").isEmpty());
        assertTrue(keys.find("").isEmpty());
        assertTrue(keys.find(null).isEmpty());
        keys.keys().forEach(k -> assertFalse(k.name().contains("s3cret"), k.name()));
        assertFalse(keys.noVigilKeys());
    }

    @Test
    void onlyAzureKeysLeaveVigilsOwnEndpointsWithoutKeys() {
        assertTrue(ApiKeys.parse("", List.of("azure-1")).noVigilKeys());
        assertTrue(ApiKeys.parse("x=azure", List.of()).noVigilKeys());
        assertTrue(ApiKeys.parse(null, List.of()).noVigilKeys());
    }

    @Test
    void aMalformedEntryIsNamedByPositionNeverBySecret() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiKeys.parse("good=read,topsecret=reader", List.of()));
        assertTrue(e.getMessage().contains("entry 2") && e.getMessage().contains("reader"), e.getMessage());
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("noroles=", List.of()));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("=read", List.of()));
    }

    @Test
    void aProductionStartWithoutKeysIsRefusedUnlessLocalOrAllowed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> guard("", false, false).check(null));
        assertTrue(e.getMessage().contains("VIGIL_KEYS") && e.getMessage().contains("VIGIL_ALLOW_ANONYMOUS"));
        guard("", true, false).check(null);
        guard("", false, true).check(null);
        guard("k=read", false, false).check(null);
    }

    private static AccessGuard guard(String keys, boolean local, boolean anonymous) {
        SecurityConfig security = new SecurityConfig() {
            public Optional<String> keys() { return Optional.of(keys).filter(k -> !k.isEmpty()); }
            public boolean allowAnonymous() { return anonymous; }
            public boolean local() { return local; }
        };
        ApiConfig azure = () -> Optional.of(List.of("azure-only"));
        return new AccessGuard(security, new KeysHolder(security, azure));
    }
}

package dev.vigil.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SealerTest {

    private static final String A = key(1);
    private static final String B = key(2);
    private static final String COLUMN = "alert_hook.secret";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static String key(int seed) {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed * 31 + i * 7);
        }
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    void aSealedValueHoldsNothingOfItAndOpensToIt() {
        Sealer sealer = new Sealer(List.of(A));
        String sealed = sealer.seal(COLUMN, SECRET);
        assertTrue(sealed.startsWith("sealed:v1:"), sealed);
        assertFalse(sealed.contains("MfKQ9r8"), sealed);
        assertEquals(SECRET, sealer.open(COLUMN, sealed));
        assertNotEquals(sealed, sealer.seal(COLUMN, SECRET), "a fresh nonce per value");
        assertTrue(sealer.current(sealed));
        assertNull(sealer.seal(COLUMN, null));
    }

    @Test
    void withoutKeysValuesAreKeptAsGivenAndClearOnesAreReadAsTheyAre() {
        Sealer none = new Sealer(List.of());
        assertEquals(SECRET, none.seal(COLUMN, SECRET));
        assertTrue(none.current(SECRET));
        Sealer sealer = new Sealer(List.of(A));
        assertEquals(SECRET, sealer.open(COLUMN, SECRET), "stored before keys were set");
        assertFalse(sealer.current(SECRET));
        assertFalse(none.current(sealer.seal(COLUMN, SECRET)), "keys removed: to be stored clear again");
    }

    @Test
    void anyListedKeyOpensWhatItSealedAndTheFirstSeals() {
        String underA = new Sealer(List.of(A)).seal(COLUMN, SECRET);
        Sealer rotated = new Sealer(List.of(B, A));
        assertEquals(SECRET, rotated.open(COLUMN, underA));
        assertFalse(rotated.current(underA), "to be sealed again under the new first key");
        assertTrue(rotated.current(rotated.seal(COLUMN, SECRET)));
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> new Sealer(List.of(B)).open(COLUMN, underA));
        assertTrue(missing.getMessage().contains("sealed with key " + underA.split(":")[2]), missing.getMessage());
        assertFalse(missing.getMessage().contains(SECRET));
    }

    @Test
    void aChangedValueOrOneMovedToAnotherColumnDoesNotOpen() {
        Sealer sealer = new Sealer(List.of(A));
        String sealed = sealer.seal(COLUMN, SECRET);
        assertThrows(IllegalStateException.class, () -> sealer.open("alert_hook.url", sealed));
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(sealed.lastIndexOf(':') + 1));
        bytes[bytes.length - 1] ^= 1;
        String changed = sealed.substring(0, sealed.lastIndexOf(':') + 1) + Base64.getEncoder().encodeToString(bytes);
        assertThrows(IllegalStateException.class, () -> sealer.open(COLUMN, changed));
        assertThrows(IllegalStateException.class, () -> sealer.open(COLUMN, sealed.substring(0, 30)));
    }

    @Test
    void aKeyThatIsNot32BytesOfBase64StopsTheStartNamingTheSetting() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Sealer(List.of(A, "c2hvcnQ=", "not base64!")));
        assertTrue(e.getMessage().startsWith("vigil.secrets.keys: key 2 is not the base64 of 32 bytes; key 3"),
                e.getMessage());
        // counted as the list is written: a repeated key still counts its place
        IllegalStateException third = assertThrows(IllegalStateException.class,
                () -> new Sealer(List.of(A, A, "c2hvcnQ=")));
        assertTrue(third.getMessage().startsWith("vigil.secrets.keys: key 3 is not"), third.getMessage());
    }
}

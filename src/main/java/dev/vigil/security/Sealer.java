package dev.vigil.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals credentials before they are stored (a hook's signing secret, its extra headers, its URL, which often carries
 * a token; a multivariate request's {@code dataSource}, a blob URL with its SAS token) so that a copy of the database, a backup or a replica's disk does not give them away: AES-256-GCM under
 * the first of {@code vigil.secrets.keys}, a fresh 96-bit nonce per value, and the column's name as associated data
 * so a sealed value cannot be moved to another column. A sealed value reads {@code sealed:v1:<key id>:<base64 of
 * nonce and ciphertext>}, the key id being the first 8 hex digits of the key's SHA-256, so any listed key opens
 * what it sealed and keys can be rotated. Without keys values are kept as given, and a value not in that form is
 * read as it is (credentials stored before keys were set; {@code HookSeals} and {@code MvSeals} seal them at the
 * next start).
 */
@ApplicationScoped
public class Sealer {

    private static final String PREFIX = "sealed:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    /** By key id, the sealing key first. */
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();

    @Inject
    public Sealer(SecretsConfig config) {
        this(config.keys().orElse(List.of()));
    }

    Sealer(List<String> encodedKeys) {
        List<String> problems = new ArrayList<>();
        int position = 0;
        for (String encoded : encodedKeys) {
            position++; // as the operator counts them in the list, repeated keys included
            byte[] key;
            try {
                key = Base64.getDecoder().decode(encoded.strip());
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (key.length != 32) {
                problems.add("key " + position + " is not the base64 of 32 bytes");
                continue;
            }
            keys.putIfAbsent(id(key), new SecretKeySpec(key, "AES"));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("vigil.secrets.keys: " + String.join("; ", problems)
                    + " (make one with: openssl rand -base64 32)");
        }
    }

    /** The value as it is to be stored in {@code column}: sealed under the first key, or as given without keys. */
    public String seal(String column, String value) {
        if (value == null || keys.isEmpty()) {
            return value;
        }
        Map.Entry<String, SecretKey> key = keys.entrySet().iterator().next();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, key.getValue(), nonce, column,
                value.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return PREFIX + key.getKey() + ":" + Base64.getEncoder().encodeToString(out);
    }

    /**
     * A stored value of {@code column} as it was given. A sealed one needs the key it names; without it, or when the
     * value was changed or moved from another column, this throws, naming the key id but never the value.
     */
    public String open(String column, String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        int colon = stored.indexOf(':', PREFIX.length());
        String id = colon < 0 ? "" : stored.substring(PREFIX.length(), colon);
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new IllegalStateException("a value of " + column + " is sealed with key " + id
                    + ", which vigil.secrets.keys does not hold");
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(stored.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            in = new byte[0];
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("a sealed value of " + column + " is cut short");
        }
        byte[] nonce = Arrays.copyOf(in, NONCE_BYTES);
        byte[] sealed = Arrays.copyOfRange(in, NONCE_BYTES, in.length);
        return new String(crypt(Cipher.DECRYPT_MODE, key, nonce, column, sealed), StandardCharsets.UTF_8);
    }

    /** Whether a stored value is as {@link #seal} would store it now (sealed under the first key, or clear without). */
    public boolean current(String stored) {
        if (keys.isEmpty()) {
            return stored == null || !stored.startsWith(PREFIX);
        }
        return stored == null || stored.startsWith(PREFIX + keys.keySet().iterator().next() + ":");
    }

    private static byte[] crypt(int mode, SecretKey key, byte[] nonce, String column, byte[] data) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(column.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(data);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("a sealed value of " + column + " does not open: changed, or moved from "
                    + "another column", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static String id(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

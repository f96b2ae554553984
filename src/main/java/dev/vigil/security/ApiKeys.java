package dev.vigil.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured keys: {@code secret=role+role} entries, comma-separated (for example
 * {@code s3cret-a=ingest,s3cret-b=read+operate}). Only SHA-256 digests of the secrets are kept, and a presented
 * secret is compared with every key in constant time, so neither timing nor a heap dump gives a secret away.
 * A key's name, shown in logs and to admins, is {@code key-} and the first 8 hex digits of its digest.
 */
public final class ApiKeys {

    /** One key: its name and roles. */
    public record Key(String name, Set<Role> roles) {
    }

    private record Entry(byte[] digest, Key key) {
    }

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * @param spec   {@code secret=role+role,...}; blank for none
     * @param legacy secrets that hold the {@code azure} role only ({@code VIGIL_API_KEYS})
     * @throws IllegalArgumentException naming the entry (by position, never by secret) that is malformed
     */
    public static ApiKeys parse(String spec, List<String> legacy) {
        List<Entry> out = new ArrayList<>();
        if (spec != null && !spec.isBlank()) {
            String[] items = spec.split(",");
            for (int i = 0; i < items.length; i++) {
                String item = items[i].trim();
                int eq = item.lastIndexOf('=');
                if (eq <= 0 || eq == item.length() - 1) {
                    throw new IllegalArgumentException("VIGIL_KEYS entry " + (i + 1)
                            + " must be secret=role+role (roles: ingest, read, operate, admin, azure)");
                }
                Set<Role> roles = EnumSet.noneOf(Role.class);
                for (String r : item.substring(eq + 1).split("\\+")) {
                    try {
                        roles.add(Role.parse(r));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("VIGIL_KEYS entry " + (i + 1) + ": " + e.getMessage(), e);
                    }
                }
                out.add(entry(item.substring(0, eq), roles));
            }
        }
        for (String secret : legacy) {
            if (!secret.isBlank()) {
                out.add(entry(secret.trim(), EnumSet.of(Role.AZURE)));
            }
        }
        return new ApiKeys(List.copyOf(out));
    }

    /** True when no key holds a role of Vigil's own endpoints (only Azure API keys, or none at all). */
    public boolean noVigilKeys() {
        return entries.stream().allMatch(e -> e.key().roles().equals(Set.of(Role.AZURE)));
    }

    /** The keys' names and roles, never their secrets. */
    public List<Key> keys() {
        return entries.stream().map(Entry::key).toList();
    }

    /** The key whose secret this is; every key is compared, in constant time. */
    public Optional<Key> find(String secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = sha256(secret);
        Key found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), presented) && found == null) {
                found = e.key();
            }
        }
        return Optional.ofNullable(found);
    }

    private static Entry entry(String secret, Set<Role> roles) {
        byte[] digest = sha256(secret);
        String name = "key-" + HexFormat.of().formatHex(digest, 0, 4);
        return new Entry(digest, new Key(name, Set.copyOf(roles)));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}

package dev.vigil.aggregation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A series: a metric plus its dimensions. The canonical form {@code metric{k1=v1,k2=v2}} sorts the dimensions
 * and escapes {@code \ { } , =}, so equal series always print equally; {@link #id()} hashes that form, so
 * every replica (and the Kafka key) derives the same id without a database round trip.
 */
public record SeriesKey(String metric, SortedMap<String, String> dimensions) {

    public SeriesKey {
        if (metric == null || metric.isEmpty()) {
            throw new IllegalArgumentException("metric must not be empty");
        }
        dimensions = Collections.unmodifiableSortedMap(new TreeMap<>(dimensions == null ? Map.of() : dimensions));
    }

    public static SeriesKey of(String metric, Map<String, String> dimensions) {
        return new SeriesKey(metric, dimensions == null ? new TreeMap<>() : new TreeMap<>(dimensions));
    }

    /** {@code metric{k1=v1,k2=v2}} with dimensions sorted by key. */
    public String canonical() {
        StringBuilder b = new StringBuilder(escape(metric)).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : dimensions.entrySet()) {
            if (!first) {
                b.append(',');
            }
            b.append(escape(e.getKey())).append('=').append(escape(e.getValue()));
            first = false;
        }
        return b.append('}').toString();
    }

    /** The first 8 bytes of the SHA-256 of {@link #canonical()}, as a signed long. */
    public long id() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }

    /** A metric, dimension name or value as the key prints it ({@code \ { } , =} escaped). */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '{' || c == '}' || c == ',' || c == '=') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}

package dev.vigil.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Checks {@link KafkaConfig} and turns it into the Kafka client properties every client of Vigil gets. A combination
 * Kafka would only refuse at the first connection, on a client thread after the start (a SASL mechanism without
 * credentials, a trust store that is not there), is named here, by its variable, so the start can stop on it. No
 * message holds a secret: passwords and JAAS lines are named, never shown.
 */
final class KafkaSecurity {

    /** The mechanisms whose login module Vigil knows, so user name and password suffice. */
    static final Map<String, String> LOGIN_MODULES = Map.of(
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
            "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

    private static final Set<String> STORE_TYPES = Set.of("PEM", "PKCS12", "JKS");

    private KafkaSecurity() {
    }

    /** Why these settings cannot work, one sentence each; empty when they can. */
    static List<String> problems(KafkaConfig c) {
        List<String> out = new ArrayList<>();
        SecurityProtocol protocol = c.securityProtocol();
        KafkaConfig.Sasl sasl = c.sasl();
        if (usesSasl(protocol)) {
            if (sasl.mechanism().isEmpty()) {
                out.add("VIGIL_KAFKA_SECURITY_PROTOCOL=" + protocol + " needs VIGIL_KAFKA_SASL_MECHANISM (PLAIN, "
                        + "SCRAM-SHA-256, SCRAM-SHA-512, ...)");
            }
            boolean login = sasl.username().isPresent() || sasl.password().isPresent();
            if (login && sasl.jaasConfig().isPresent()) {
                out.add("VIGIL_KAFKA_SASL_JAAS_CONFIG and VIGIL_KAFKA_SASL_USERNAME/_PASSWORD are both set: set one");
            } else if (!login && sasl.jaasConfig().isEmpty()) {
                out.add("VIGIL_KAFKA_SECURITY_PROTOCOL=" + protocol + " needs credentials: VIGIL_KAFKA_SASL_USERNAME "
                        + "and VIGIL_KAFKA_SASL_PASSWORD, or VIGIL_KAFKA_SASL_JAAS_CONFIG");
            } else if (login && (sasl.username().isEmpty() || sasl.password().isEmpty())) {
                out.add(sasl.username().isEmpty() ? "VIGIL_KAFKA_SASL_PASSWORD is set without VIGIL_KAFKA_SASL_USERNAME"
                        : "VIGIL_KAFKA_SASL_USERNAME is set without VIGIL_KAFKA_SASL_PASSWORD");
            } else if (login && sasl.mechanism().isPresent() && !LOGIN_MODULES.containsKey(mechanism(c))) {
                out.add("VIGIL_KAFKA_SASL_USERNAME/_PASSWORD work with " + String.join(", ",
                        new TreeMap<>(LOGIN_MODULES).keySet()) + "; for " + sasl.mechanism().get()
                        + " set VIGIL_KAFKA_SASL_JAAS_CONFIG instead");
            }
        } else {
            List<String> set = set(Map.of("VIGIL_KAFKA_SASL_MECHANISM", sasl.mechanism(),
                    "VIGIL_KAFKA_SASL_USERNAME", sasl.username(), "VIGIL_KAFKA_SASL_PASSWORD", sasl.password(),
                    "VIGIL_KAFKA_SASL_JAAS_CONFIG", sasl.jaasConfig()));
            if (!set.isEmpty()) {
                out.add(String.join(", ", set) + " set, but VIGIL_KAFKA_SECURITY_PROTOCOL is " + protocol
                        + ": set it to SASL_SSL (or SASL_PLAINTEXT)");
            }
        }
        KafkaConfig.Ssl ssl = c.ssl();
        Map<String, Optional<String>> trust = Map.of("VIGIL_KAFKA_SSL_TRUSTSTORE_LOCATION", ssl.truststoreLocation(),
                "VIGIL_KAFKA_SSL_TRUSTSTORE_PASSWORD", ssl.truststorePassword(),
                "VIGIL_KAFKA_SSL_TRUSTSTORE_TYPE", ssl.truststoreType());
        Map<String, Optional<String>> key = Map.of("VIGIL_KAFKA_SSL_KEYSTORE_LOCATION", ssl.keystoreLocation(),
                "VIGIL_KAFKA_SSL_KEYSTORE_PASSWORD", ssl.keystorePassword(),
                "VIGIL_KAFKA_SSL_KEYSTORE_TYPE", ssl.keystoreType(), "VIGIL_KAFKA_SSL_KEY_PASSWORD", ssl.keyPassword());
        if (usesTls(protocol)) {
            store("VIGIL_KAFKA_SSL_TRUSTSTORE_LOCATION", ssl.truststoreLocation(), ssl.truststoreType(), trust, false,
                    out);
            store("VIGIL_KAFKA_SSL_KEYSTORE_LOCATION", ssl.keystoreLocation(), ssl.keystoreType(), key,
                    ssl.keystorePassword().isEmpty(), out);
        } else {
            List<String> set = set(trust);
            set.addAll(set(key));
            if (!set.isEmpty()) {
                out.add(String.join(", ", set.stream().sorted().toList()) + " set, but VIGIL_KAFKA_SECURITY_PROTOCOL is "
                        + protocol + ": set it to SSL or SASL_SSL");
            }
        }
        return out;
    }

    /**
     * The Kafka client properties (without the {@code kafka.} prefix) for settings {@link #problems} found none in.
     * A store's type is told by its file's extension when not set, since Kafka would take every file for JKS.
     */
    static Map<String, String> clientProperties(KafkaConfig c) {
        Map<String, String> out = new TreeMap<>();
        SecurityProtocol protocol = c.securityProtocol();
        out.put("security.protocol", protocol.name);
        if (usesSasl(protocol)) {
            KafkaConfig.Sasl sasl = c.sasl();
            // Kafka compares mechanisms exactly: a known one is written as Kafka spells it
            sasl.mechanism().ifPresent(m -> out.put("sasl.mechanism",
                    LOGIN_MODULES.containsKey(mechanism(c)) ? mechanism(c) : m.trim()));
            Optional<String> jaas = sasl.jaasConfig().or(() -> sasl.username().flatMap(user -> sasl.password()
                    .map(password -> jaas(mechanism(c), user, password))));
            jaas.ifPresent(j -> out.put("sasl.jaas.config", j));
        }
        if (usesTls(protocol)) {
            KafkaConfig.Ssl ssl = c.ssl();
            ssl.truststoreLocation().ifPresent(l -> {
                out.put("ssl.truststore.location", l);
                type(ssl.truststoreType(), l).ifPresent(t -> out.put("ssl.truststore.type", t));
            });
            ssl.truststorePassword().ifPresent(p -> out.put("ssl.truststore.password", p));
            ssl.keystoreLocation().ifPresent(l -> {
                out.put("ssl.keystore.location", l);
                type(ssl.keystoreType(), l).ifPresent(t -> out.put("ssl.keystore.type", t));
            });
            ssl.keystorePassword().ifPresent(p -> out.put("ssl.keystore.password", p));
            ssl.keyPassword().ifPresent(p -> out.put("ssl.key.password", p));
        }
        return out;
    }

    /** A one-line description for the log: protocol, mechanism and user, stores by type; never a secret. */
    static String describe(KafkaConfig c) {
        StringBuilder s = new StringBuilder(c.securityProtocol().name);
        if (usesSasl(c.securityProtocol())) {
            s.append(", SASL ").append(c.sasl().mechanism().orElse("?"));
            c.sasl().username().ifPresent(u -> s.append(" as ").append(u));
            if (c.sasl().jaasConfig().isPresent()) {
                s.append(" (VIGIL_KAFKA_SASL_JAAS_CONFIG)");
            }
        }
        if (usesTls(c.securityProtocol())) {
            s.append(", trusting ").append(c.ssl().truststoreLocation()
                    .map(l -> type(c.ssl().truststoreType(), l).orElse("?") + " " + l).orElse("the JVM's CAs"));
            c.ssl().keystoreLocation().ifPresent(l -> s.append(", client certificate from ").append(l));
        }
        return s.toString();
    }

    static boolean usesSasl(SecurityProtocol p) {
        return p == SecurityProtocol.SASL_SSL || p == SecurityProtocol.SASL_PLAINTEXT;
    }

    static boolean usesTls(SecurityProtocol p) {
        return p == SecurityProtocol.SSL || p == SecurityProtocol.SASL_SSL;
    }

    private static String mechanism(KafkaConfig c) {
        return c.sasl().mechanism().map(m -> m.trim().toUpperCase(Locale.ROOT)).orElse("");
    }

    /** The JAAS line Kafka's own login module for the mechanism reads; quotes and backslashes escaped. */
    private static String jaas(String mechanism, String user, String password) {
        return LOGIN_MODULES.get(mechanism) + " required username=" + quoted(user) + " password=" + quoted(password)
                + ";";
    }

    private static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * Checks one store: its file, its type, and a password for an encrypted one ({@code missingPassword} for the key
     * store only: a trust store may have none). {@code settings} are the store's variables; the others are named
     * after the location's.
     */
    private static void store(String locationName, Optional<String> location, Optional<String> type,
                              Map<String, Optional<String>> settings, boolean missingPassword, List<String> out) {
        String name = locationName.substring(0, locationName.length() - "_LOCATION".length());
        if (location.isEmpty()) {
            List<String> set = set(settings);
            if (!set.isEmpty()) {
                out.add(String.join(", ", set) + " set without " + name + "_LOCATION");
            }
            return;
        }
        Path file = Path.of(location.get());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            out.add(name + "_LOCATION: no readable file at " + file.toAbsolutePath());
        }
        Optional<String> t = type(type, location.get());
        if (t.isEmpty()) {
            out.add(name + "_TYPE is needed for " + file.getFileName() + ": PEM, PKCS12 or JKS");
        } else if (!STORE_TYPES.contains(t.get())) {
            out.add(name + "_TYPE must be PEM, PKCS12 or JKS, was " + type.get());
        } else if (missingPassword && !t.get().equals("PEM")) {
            out.add(name + "_LOCATION needs " + name + "_PASSWORD (a " + t.get() + " key store is encrypted)");
        }
    }

    /** The names of the settings that are set, in order. */
    private static List<String> set(Map<String, Optional<String>> settings) {
        return new ArrayList<>(settings.entrySet().stream().filter(e -> e.getValue().isPresent()).map(Map.Entry::getKey)
                .sorted().toList());
    }

    /** The type as set, else told by the extension: .pem/.crt/.cer PEM, .p12/.pfx PKCS12, .jks JKS. */
    private static Optional<String> type(Optional<String> type, String location) {
        if (type.isPresent()) {
            return Optional.of(type.get().trim().toUpperCase(Locale.ROOT));
        }
        String name = location.toLowerCase(Locale.ROOT);
        if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer")) {
            return Optional.of("PEM");
        } else if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            return Optional.of("PKCS12");
        } else if (name.endsWith(".jks")) {
            return Optional.of("JKS");
        }
        return Optional.empty();
    }
}

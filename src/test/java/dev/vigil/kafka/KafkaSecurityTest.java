package dev.vigil.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TLS and SASL settings as users write them (environment variables), what every Kafka client gets from them, and
 * the start-up refusals for combinations Kafka would only refuse later; no refusal shows a secret.
 */
class KafkaSecurityTest {

    private static final String SECRET = "s3cr\"et\\pw";

    @TempDir
    static Path dir;

    /** Expands {@code ${...}} as Quarkus's configuration does. */
    private static SmallRyeConfig config(Map<String, String> env) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors().withSources(new EnvConfigSource(env, 300))
                .withSources(new KafkaSecuritySource()).withMapping(KafkaConfig.class).build();
    }

    private static KafkaConfig kafka(Map<String, String> env) {
        return config(env).getConfigMapping(KafkaConfig.class);
    }

    private static Path file(String name) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "-----BEGIN CERTIFICATE-----\n");
        return f;
    }

    @Test
    void plaintextIsTheDefaultAndAddsNothingElse() {
        KafkaConfig c = kafka(Map.of("VIGIL_KAFKA_BOOTSTRAP", "broker:9092"));
        assertEquals(List.of(), KafkaSecurity.problems(c));
        assertEquals(Map.of("security.protocol", "PLAINTEXT"), KafkaSecurity.clientProperties(c));
    }

    @Test
    void eventHubsUserAndPasswordBecomeThePlainLoginLine() {
        Map<String, String> env = Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "VIGIL_KAFKA_SASL_MECHANISM", "PLAIN", "VIGIL_KAFKA_SASL_USERNAME", "$ConnectionString",
                "VIGIL_KAFKA_SASL_PASSWORD", "Endpoint=sb://ns.example/;SharedAccessKeyName=send;SharedAccessKey=k+/=");
        KafkaConfig c = kafka(env);
        assertEquals(List.of(), KafkaSecurity.problems(c));
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"$ConnectionString\" "
                        + "password=\"Endpoint=sb://ns.example/;SharedAccessKeyName=send;SharedAccessKey=k+/=\";"),
                KafkaSecurity.clientProperties(c));
        // what Quarkus hands to the channels and the probe: the same keys under kafka.
        assertEquals("SASL_SSL", config(env).getRawValue("kafka.security.protocol"));
        assertEquals("PLAIN", config(env).getRawValue("kafka.sasl.mechanism"));
    }

    @Test
    void scramWithAPrivateCaInPemQuotesThePasswordAndTellsTheStoreType() throws IOException {
        Path ca = file("ca.crt");
        KafkaConfig c = kafka(Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "sasl_ssl",
                "VIGIL_KAFKA_SASL_MECHANISM", "scram-sha-512", "VIGIL_KAFKA_SASL_USERNAME", "vigil",
                "VIGIL_KAFKA_SASL_PASSWORD", SECRET, "VIGIL_KAFKA_SSL_TRUSTSTORE_LOCATION", ca.toString()));
        assertEquals(List.of(), KafkaSecurity.problems(c));
        Map<String, String> p = KafkaSecurity.clientProperties(c);
        assertEquals("SCRAM-SHA-512", p.get("sasl.mechanism"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"vigil\" "
                + "password=\"s3cr\\\"et\\\\pw\";", p.get("sasl.jaas.config"));
        assertEquals("PEM", p.get("ssl.truststore.type"));
        assertEquals(ca.toString(), p.get("ssl.truststore.location"));
        assertFalse(KafkaSecurity.describe(c).contains("s3cr"), KafkaSecurity.describe(c));
    }

    @Test
    void aRawKafkaVariableOverridesTheDerivedKey() {
        SmallRyeConfig c = config(Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "", "KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));
        assertEquals("SASL_SSL", c.getValue("kafka.security.protocol", String.class));
    }

    @Test
    void aDollarBraceInASecretIsWrittenEscapedAndReachesTheClientsAsItIs() throws IOException {
        String ca = file("ca.p12").toString();
        // the configuration reads ${ as an expression: a password that holds one is written \${ (or $${)
        SmallRyeConfig c = config(Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "VIGIL_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", "VIGIL_KAFKA_SASL_USERNAME", "$vigil",
                "VIGIL_KAFKA_SASL_PASSWORD", "pa\\${ss", "VIGIL_KAFKA_SSL_TRUSTSTORE_LOCATION", ca,
                "VIGIL_KAFKA_SSL_TRUSTSTORE_PASSWORD", "st$${ore}\\x$"));
        assertEquals(List.of(), KafkaSecurity.problems(c.getConfigMapping(KafkaConfig.class)));
        // expanded once more on the way to the clients, the login line had lost the password
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$vigil\" "
                + "password=\"pa${ss\";", c.getValue("kafka.sasl.jaas.config", String.class));
        assertEquals("st${ore}\\x$", c.getValue("kafka.ssl.truststore.password", String.class));

        // written as it is, the unterminated expression leaves no password: the start names the missing one
        KafkaConfig unescaped = config(Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "VIGIL_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", "VIGIL_KAFKA_SASL_USERNAME", "vigil",
                "VIGIL_KAFKA_SASL_PASSWORD", "pa${ss")).getConfigMapping(KafkaConfig.class);
        assertEquals(List.of("VIGIL_KAFKA_SASL_USERNAME is set without VIGIL_KAFKA_SASL_PASSWORD"),
                KafkaSecurity.problems(unescaped));
    }

    static List<Object[]> refusals() throws IOException {
        String missing = dir.resolve("nowhere/ca.pem").toString();
        String store = file("client.p12").toString();
        String odd = file("ca.bundle").toString();
        return List.of(
                new Object[] {Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "VIGIL_KAFKA_SASL_USERNAME", "u",
                        "VIGIL_KAFKA_SASL_PASSWORD", SECRET),
                        "VIGIL_KAFKA_SECURITY_PROTOCOL=SASL_SSL needs VIGIL_KAFKA_SASL_MECHANISM (PLAIN, "
                                + "SCRAM-SHA-256, SCRAM-SHA-512, ...)"},
                new Object[] {Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "VIGIL_KAFKA_SASL_MECHANISM",
                        "SCRAM-SHA-512"), "VIGIL_KAFKA_SECURITY_PROTOCOL=SASL_SSL needs credentials: "
                        + "VIGIL_KAFKA_SASL_USERNAME and VIGIL_KAFKA_SASL_PASSWORD, or VIGIL_KAFKA_SASL_JAAS_CONFIG"},
                new Object[] {Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "VIGIL_KAFKA_SASL_MECHANISM",
                        "PLAIN", "VIGIL_KAFKA_SASL_USERNAME", "u"),
                        "VIGIL_KAFKA_SASL_USERNAME is set without VIGIL_KAFKA_SASL_PASSWORD"},
                new Object[] {Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "VIGIL_KAFKA_SASL_MECHANISM",
                        "PLAIN", "VIGIL_KAFKA_SASL_PASSWORD", SECRET, "VIGIL_KAFKA_SASL_JAAS_CONFIG", SECRET),
                        "VIGIL_KAFKA_SASL_JAAS_CONFIG and VIGIL_KAFKA_SASL_USERNAME/_PASSWORD are both set: set one"},
                new Object[] {Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "VIGIL_KAFKA_SASL_MECHANISM",
                        "OAUTHBEARER", "VIGIL_KAFKA_SASL_USERNAME", "u", "VIGIL_KAFKA_SASL_PASSWORD", SECRET),
                        "VIGIL_KAFKA_SASL_USERNAME/_PASSWORD work with PLAIN, SCRAM-SHA-256, SCRAM-SHA-512; for "
                                + "OAUTHBEARER set VIGIL_KAFKA_SASL_JAAS_CONFIG instead"},
                new Object[] {Map.of("VIGIL_KAFKA_SASL_MECHANISM", "PLAIN", "VIGIL_KAFKA_SASL_USERNAME", "u",
                        "VIGIL_KAFKA_SASL_PASSWORD", SECRET), "VIGIL_KAFKA_SASL_MECHANISM, VIGIL_KAFKA_SASL_PASSWORD, "
                        + "VIGIL_KAFKA_SASL_USERNAME set, but VIGIL_KAFKA_SECURITY_PROTOCOL is PLAINTEXT: set it to "
                        + "SASL_SSL (or SASL_PLAINTEXT)"},
                new Object[] {Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "SSL", "VIGIL_KAFKA_SSL_TRUSTSTORE_LOCATION",
                        missing), "VIGIL_KAFKA_SSL_TRUSTSTORE_LOCATION: no readable file at " + missing},
                new Object[] {Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "SSL", "VIGIL_KAFKA_SSL_TRUSTSTORE_LOCATION",
                        odd), "VIGIL_KAFKA_SSL_TRUSTSTORE_TYPE is needed for ca.bundle: PEM, PKCS12 or JKS"},
                new Object[] {Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "SSL", "VIGIL_KAFKA_SSL_TRUSTSTORE_LOCATION",
                        odd, "VIGIL_KAFKA_SSL_TRUSTSTORE_TYPE", "CRT"),
                        "VIGIL_KAFKA_SSL_TRUSTSTORE_TYPE must be PEM, PKCS12 or JKS, was CRT"},
                new Object[] {Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "SSL", "VIGIL_KAFKA_SSL_KEYSTORE_LOCATION",
                        store), "VIGIL_KAFKA_SSL_KEYSTORE_LOCATION needs VIGIL_KAFKA_SSL_KEYSTORE_PASSWORD (a PKCS12 "
                        + "key store is encrypted)"},
                new Object[] {Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "SSL", "VIGIL_KAFKA_SSL_TRUSTSTORE_PASSWORD",
                        SECRET), "VIGIL_KAFKA_SSL_TRUSTSTORE_PASSWORD set without VIGIL_KAFKA_SSL_TRUSTSTORE_LOCATION"},
                new Object[] {Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "VIGIL_KAFKA_SASL_MECHANISM",
                        "PLAIN", "VIGIL_KAFKA_SASL_JAAS_CONFIG", SECRET, "VIGIL_KAFKA_SSL_TRUSTSTORE_LOCATION", store),
                        "VIGIL_KAFKA_SSL_TRUSTSTORE_LOCATION set, but VIGIL_KAFKA_SECURITY_PROTOCOL is SASL_PLAINTEXT: "
                                + "set it to SSL or SASL_SSL"});
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void aCombinationThatCannotWorkIsNamedWithoutItsSecrets(Map<String, String> env, String problem) {
        List<String> problems = KafkaSecurity.problems(kafka(env));
        assertEquals(List.of(problem), problems);
        assertFalse(problems.toString().contains("s3cr"), problems.toString());
    }

    @Test
    void anUnknownProtocolStopsTheConfigurationNamingTheKey() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> kafka(Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "TLS")));
        assertTrue(e.getMessage().contains("vigil.kafka.security-protocol"), e.getMessage());
    }

    @Test
    void keysInAPropertiesFileWorkAsWell() {
        KafkaConfig c = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "vigil.kafka.security-protocol", "SSL"), "file", 250)).withMapping(KafkaConfig.class).build()
                .getConfigMapping(KafkaConfig.class);
        assertEquals(List.of(), KafkaSecurity.problems(c));
        assertEquals("SSL, trusting the JVM's CAs", KafkaSecurity.describe(c));
    }
}

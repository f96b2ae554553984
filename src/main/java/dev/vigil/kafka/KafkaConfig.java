package dev.vigil.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * How every Kafka client of Vigil (the readings consumer, the alerts and dead-letter producers, the probe's admin
 * client) authenticates to the broker and checks it: TLS and SASL (README, "Kafka with TLS and SASL"). The address
 * itself is {@code VIGIL_KAFKA_BOOTSTRAP}. {@link KafkaSecurity} checks and translates these settings.
 */
@ConfigMapping(prefix = "vigil.kafka")
public interface KafkaConfig {

    /** {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}. */
    @WithDefault("PLAINTEXT")
    SecurityProtocol securityProtocol();

    /** SASL: who Vigil is. Only with a {@code SASL_*} protocol. */
    Sasl sasl();

    /** TLS: whom Vigil trusts, and its own certificate for mutual TLS. Only with {@code SSL} or {@code SASL_SSL}. */
    Ssl ssl();

    interface Sasl {

        /** {@code PLAIN}, {@code SCRAM-SHA-256}, {@code SCRAM-SHA-512}, or any mechanism a JAAS config names. */
        Optional<String> mechanism();

        /** User name for PLAIN or SCRAM ({@code $ConnectionString} for Azure Event Hubs, the API key for Confluent). */
        Optional<String> username();

        /** Password for PLAIN or SCRAM (Event Hubs: the connection string; Confluent: the API secret). Secret. */
        Optional<String> password();

        /** A whole {@code sasl.jaas.config} line instead of user name and password (OAUTHBEARER, GSSAPI). Secret. */
        Optional<String> jaasConfig();
    }

    interface Ssl {

        /** Trust store with the broker's CA: PEM (a private CA's certificates), PKCS12 or JKS. */
        Optional<String> truststoreLocation();

        /** Trust store password (PKCS12 and JKS; a trust store may have none). Secret. */
        Optional<String> truststorePassword();

        /** {@code PEM}, {@code PKCS12} or {@code JKS}; unset: told by the file's extension. */
        Optional<String> truststoreType();

        /** Key store with Vigil's client certificate and key, for mutual TLS. */
        Optional<String> keystoreLocation();

        /** Key store password. Secret. */
        Optional<String> keystorePassword();

        /** {@code PEM}, {@code PKCS12} or {@code JKS}; unset: told by the file's extension. */
        Optional<String> keystoreType();

        /** Password of the key inside the key store, when it differs from the store's (or an encrypted PEM key). */
        Optional<String> keyPassword();
    }
}

package dev.vigil.testing;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * A real single-node KRaft broker whose client listener speaks SASL_SSL with SCRAM-SHA-512 (AWS MSK's choice), under
 * a self-signed certificate made by the JDK's keytool for 127.0.0.1; the CA file Vigil trusts is that certificate in
 * PEM, as a private CA hands it out. A second, plaintext listener carries the broker's own traffic and the test's
 * helpers (users, topics, reading back), so only Vigil's clients go through TLS and SASL.
 */
public final class SecureKafka implements AutoCloseable {

    public static final String USER = "vigil";
    private static final String STORE_PASSWORD = "broker-store-pw";

    private final Path dir;
    private final int securePort = KafkaResource.freePort();
    private final int plainPort = KafkaResource.freePort();
    private final EmbeddedKafkaBroker broker;

    private SecureKafka(Path dir) {
        this.dir = dir;
        int controllerPort = KafkaResource.freePort();
        broker = new EmbeddedKafkaBroker()
                .withKafkaHost("127.0.0.1").withKafkaPort(plainPort).withControllerPort(controllerPort)
                .withAdditionalProperties(p -> {
                    p.put("log.dirs", dir.resolve("log").toString());
                    p.put("num.partitions", "2");
                    p.put("group.initial.rebalance.delay.ms", "0");
                    p.put("listeners", "PLAINTEXT://127.0.0.1:" + plainPort + ",SECURE://127.0.0.1:" + securePort
                            + ",CONTROLLER://127.0.0.1:" + controllerPort);
                    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + plainPort
                            + ",SECURE://127.0.0.1:" + securePort);
                    p.put("listener.security.protocol.map",
                            "PLAINTEXT:PLAINTEXT,SECURE:SASL_SSL,CONTROLLER:PLAINTEXT");
                    p.put("inter.broker.listener.name", "PLAINTEXT");
                    p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
                    p.put("listener.name.secure.scram-sha-512.sasl.jaas.config",
                            "org.apache.kafka.common.security.scram.ScramLoginModule required;");
                    p.put("listener.name.secure.ssl.keystore.location", dir.resolve("broker.p12").toString());
                    p.put("listener.name.secure.ssl.keystore.password", STORE_PASSWORD);
                    p.put("listener.name.secure.ssl.keystore.type", "PKCS12");
                    // clients re-authenticate every 2 s, so a password changed on the broker reaches open connections
                    p.put("connections.max.reauth.ms", "2000");
                });
    }

    /** Makes the certificate, starts the broker and gives {@link #USER} the password. */
    public static SecureKafka start(String password) {
        try {
            Path dir = Files.createTempDirectory("vigil-secure-kafka");
            keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-keystore", dir.resolve("broker.p12").toString(), "-storetype", "PKCS12",
                    "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
            keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", dir.resolve("broker.p12").toString(),
                    "-storepass", STORE_PASSWORD, "-file", dir.resolve("ca.pem").toString());
            SecureKafka kafka = new SecureKafka(dir);
            kafka.broker.start();
            kafka.setPassword(password);
            return kafka;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SASL_SSL address, the one Vigil is given. */
    public String secureBootstrap() {
        return "127.0.0.1:" + securePort;
    }

    /** The plaintext address for the test's own clients. */
    public String plainBootstrap() {
        return "127.0.0.1:" + plainPort;
    }

    /** The broker's certificate in PEM: what Vigil trusts. */
    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** Sets (or changes) {@link #USER}'s SCRAM-SHA-512 password; the broker takes it within a moment. */
    public void setPassword(String password) {
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, plainBootstrap()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not set the SCRAM password", e);
        }
    }

    /** Client properties that reach the secure listener as {@link #USER} with this password. */
    public Properties secureClient(String password) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, secureBootstrap());
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        p.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"" + USER + "\" password=\"" + password + "\";");
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, caFile().toString());
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        return p;
    }

    @Override
    public void close() {
        broker.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a broker until killed, for trying a packaged Vigil against it by hand; prints how to reach it. */
    public static void main(String[] args) throws Exception {
        SecureKafka kafka = start(args.length > 0 ? args[0] : "vigil-secret");
        System.out.println("secure " + kafka.secureBootstrap() + " plain " + kafka.plainBootstrap() + " ca "
                + kafka.caFile());
        Thread.currentThread().join();
    }
}

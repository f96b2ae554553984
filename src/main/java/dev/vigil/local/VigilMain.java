package dev.vigil.local;

import io.quarkus.arc.Arc;
import dev.vigil.settings.SettingsGuard;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.tls.TlsConfigurationRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Entry point of the packaged application. Unless the environment points at an external PostgreSQL
 * ({@code VIGIL_DB_URL}) and Kafka ({@code VIGIL_KAFKA_BOOTSTRAP}), it first starts embedded ones keeping their data
 * in {@code VIGIL_DATA_DIR} (default {@code ./data}), so the README's run command needs nothing installed.
 */
@QuarkusMain
public class VigilMain implements QuarkusApplication {

    private static final LocalServices SERVICES = new LocalServices();
    /** Counted down once the exit handler has closed the embedded services, after Quarkus stopped. */
    private static final CountDownLatch CLOSED = new CountDownLatch(1);

    public static void main(String... args) throws Exception {
        String refusal = SettingsGuard.refusalBeforeStart(System.getenv());
        if (refusal != null) {
            System.err.println(refusal); // before anything starts or the schema is migrated
            System.exit(1);
        }
        Path data = Path.of(System.getenv().getOrDefault("VIGIL_DATA_DIR", "data"));
        try {
            SERVICES.start(data, VigilMain::stopWithoutDatabase);
        } catch (Exception | Error e) {
            // PostgreSQL is a process of its own with no hook of zonky's: a broker that fails to start must not
            // leave it running
            SERVICES.close();
            throw e;
        }
        if (SERVICES.anyEmbedded()) {
            System.setProperty("vigil.security.local", "true");
            if (blank(System.getenv("VIGIL_KEYS"))) {
                // nobody else can reach a Vigil that asks for no key
                System.setProperty("quarkus.http.host", "127.0.0.1");
                System.setProperty("quarkus.management.host", "127.0.0.1");
            }
        }
        Map<String, String> system = new HashMap<>();
        System.getProperties().forEach((k, v) -> system.put(k.toString(), v.toString()));
        TracingDefaults.properties(System.getenv(), system).forEach(System::setProperty);
        if (SERVICES.anyEmbedded()) {
            // on SIGTERM the JVM runs its shutdown hooks and halts when they are done: this one holds it until the
            // services are closed, which happens once Quarkus has stopped (its own shutdown still needs the
            // database: claims handed back, deliveries recorded)
            Runtime.getRuntime().addShutdownHook(new Thread(VigilMain::closeAfterQuarkus, "vigil-local-services"));
        }
        // Quarkus calls the exit handler once the application has stopped, also on a signal (its default one exits
        // the JVM there, so code after run() is never reached)
        Quarkus.run(VigilMain.class, (code, failure) -> {
            try {
                SERVICES.close();
            } finally {
                CLOSED.countDown();
            }
            if (failure != null) {
                failure.printStackTrace();
            }
            System.exit(code);
        }, args);
    }

    /** The embedded PostgreSQL died and would not start again: stop rather than answer 503 forever. */
    private static void stopWithoutDatabase(Exception cause) {
        Logger.getLogger(VigilMain.class).error("the embedded PostgreSQL could not be restarted; Vigil stops (run it "
                + "again to retry)", cause);
        Quarkus.asyncExit(1);
    }

    private static void closeAfterQuarkus() {
        try {
            if (!CLOSED.await(2, TimeUnit.MINUTES)) {
                SERVICES.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            SERVICES.close();
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public int run(String... args) {
        var config = ConfigProvider.getConfig();
        // HTTPS is served once the default TLS configuration has a key store (README, "Pointing an existing client")
        boolean tls = Arc.container().select(TlsConfigurationRegistry.class).get().getDefault()
                .map(c -> c.getKeyStore() != null).orElse(false);
        Listening at = new Listening(config.getOptionalValue("quarkus.http.host", String.class).orElse("0.0.0.0"),
                config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080),
                tls ? config.getOptionalValue("quarkus.http.ssl-port", Integer.class).orElse(8443) : null,
                config.getOptionalValue("quarkus.http.insecure-requests", String.class).orElse("enabled"),
                config.getOptionalValue("quarkus.management.port", Integer.class).orElse(9000));
        String keys = blank(System.getenv("VIGIL_KEYS"))
                ? (SERVICES.anyEmbedded() ? "no API keys configured (VIGIL_KEYS): listening on 127.0.0.1 only, every "
                        + "request has every role" : "no API keys configured (VIGIL_KEYS): anonymous access allowed")
                : "API keys required (Authorization: Bearer <key>)";
        String tracing = config.getOptionalValue("quarkus.otel.sdk.disabled", Boolean.class).orElse(false)
                ? "tracing off (set " + TracingDefaults.ENDPOINT_ENV + " to export to an OpenTelemetry collector)"
                : "tracing to " + config.getOptionalValue("quarkus.otel.exporter.otlp.endpoint", String.class)
                        .orElse("the configured OTLP endpoint");
        System.out.printf("%nVigil is listening on %s  (%s)%n  %s%n  dashboard: %s%n  ingest: POST "
                + "/readings or CloudEvents to /   read: /api/v1/series%n  %s: /q/health, /q/metrics, /q/openapi, "
                + "/q/swagger-ui%n  %s%n%n", at.where(), SERVICES.describe(), keys, at.dashboard(), at.management(),
                tracing);
        Quarkus.waitForExit();
        return 0;
    }
}

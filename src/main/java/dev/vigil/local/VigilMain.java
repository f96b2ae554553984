package dev.vigil.local;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Entry point of the packaged application. Unless the environment points at an external PostgreSQL
 * ({@code VIGIL_DB_URL}) and Kafka ({@code VIGIL_KAFKA_BOOTSTRAP}), it first starts embedded ones keeping their data
 * in {@code VIGIL_DATA_DIR} (default {@code ./data}), so the README's run command needs nothing installed.
 */
@QuarkusMain
public class VigilMain implements QuarkusApplication {

    private static final LocalServices SERVICES = new LocalServices();

    public static void main(String... args) throws Exception {
        Path data = Path.of(System.getenv().getOrDefault("VIGIL_DATA_DIR", "data"));
        SERVICES.start(data);
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
        try {
            Quarkus.run(VigilMain.class, args);
        } finally {
            SERVICES.close();
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public int run(String... args) {
        var config = ConfigProvider.getConfig();
        String host = config.getOptionalValue("quarkus.http.host", String.class).orElse("0.0.0.0");
        int port = config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        String address = "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + port;
        int management = config.getOptionalValue("quarkus.management.port", Integer.class).orElse(9000);
        String keys = blank(System.getenv("VIGIL_KEYS"))
                ? (SERVICES.anyEmbedded() ? "no API keys configured (VIGIL_KEYS): listening on 127.0.0.1 only, every "
                        + "request has every role" : "no API keys configured (VIGIL_KEYS): anonymous access allowed")
                : "API keys required (Authorization: Bearer <key>)";
        String tracing = config.getOptionalValue("quarkus.otel.sdk.disabled", Boolean.class).orElse(false)
                ? "tracing off (set " + TracingDefaults.ENDPOINT_ENV + " to export to an OpenTelemetry collector)"
                : "tracing to " + config.getOptionalValue("quarkus.otel.exporter.otlp.endpoint", String.class)
                        .orElse("the configured OTLP endpoint");
        System.out.printf("%nVigil is listening on %s  (%s)%n  %s%n  dashboard: %s/dashboard/%n  ingest: POST "
                + "/readings or CloudEvents to /   read: /api/v1/series%n  management port %d: /q/health, "
                + "/q/metrics, /q/openapi, /q/swagger-ui%n  %s%n%n", address, SERVICES.describe(), keys, address,
                management, tracing);
        Quarkus.waitForExit();
        return 0;
    }
}

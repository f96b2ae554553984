package dev.vigil.local;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
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
        try {
            Quarkus.run(VigilMain.class, args);
        } finally {
            SERVICES.close();
        }
    }

    @Override
    public int run(String... args) {
        var config = ConfigProvider.getConfig();
        String host = config.getOptionalValue("quarkus.http.host", String.class).orElse("0.0.0.0");
        int port = config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        String address = "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + port;
        System.out.printf("%nVigil is listening on %s  (%s)%n  dashboard: %s/dashboard/%n  ingest: POST /readings or "
                + "CloudEvents to /   read: /api/v1/series (docs: /q/swagger-ui)   health: /q/health   metrics: "
                + "/q/metrics%n%n", address, SERVICES.describe(), address);
        Quarkus.waitForExit();
        return 0;
    }
}

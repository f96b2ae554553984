package dev.vigil.ingestion;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns off the HTTP/1.1 to HTTP/2 cleartext upgrade (h2c) on the plain-HTTP port. Clients such as Java's own
 * HttpClient try that upgrade on a POST with a body, and the server then fails the request ("Request has already
 * been read", a 500). Without h2c they simply stay on HTTP/1.1; HTTP/2 over TLS is unaffected.
 */
@ApplicationScoped
public class NoCleartextUpgrade implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}

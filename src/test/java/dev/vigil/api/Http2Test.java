package dev.vigil.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * Clients that offer HTTP/2 over TLS (curl, Go, Java's own client) get an answer, not a 500: with HTTP/2 a request
 * body read by the body handler before Quarkus REST made REST fail with "Request has already been read" (Quarkus issue
 * 34393), on every POST to a REST path (the Azure API, readings, detection runs). Vigil offers HTTP/1.1 only.
 */
@QuarkusTest
class Http2Test {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void postsOfAClientOfferingHttp2AreAnswered() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trusting())
                .connectTimeout(Duration.ofSeconds(10)).build();
        String series = "{\"granularity\":\"daily\",\"series\":[" + points(30) + "]}";
        HttpResponse<String> azure = client.send(HttpRequest.newBuilder(URI.create(https + "anomalydetector/v1.1/"
                        + "timeseries/last/detect")).header("Content-Type", "application/json")
                .header(SubscriptionKeyFilter.KEY_HEADER, "test-key-1").POST(HttpRequest.BodyPublishers.ofString(series))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, azure.statusCode(), azure.body());
        assertTrue(azure.body().contains("isAnomaly"), azure.body());
        assertEquals(HttpClient.Version.HTTP_1_1, azure.version(), "negotiated down to HTTP/1.1");
        HttpResponse<String> readings = client.send(HttpRequest.newBuilder(URI.create(https + "readings"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"metric\":\"h2\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, readings.statusCode(), readings.body());
    }

    private static String points(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(String.format("{\"timestamp\":\"2026-10-%02dT00:00:00Z\",\"value\":%d}",
                    i + 1, 10 + i % 3));
        }
        return b.toString();
    }

    private static SSLContext trusting() throws Exception {
        try (InputStream in = Http2Test.class.getResourceAsStream("/azure-test-truststore.p12")) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(in, "vigil-test".toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        }
    }
}

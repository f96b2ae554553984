package dev.vigil.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.ai.anomalydetector.AnomalyDetectorClient;
import com.azure.ai.anomalydetector.AnomalyDetectorClientBuilder;
import com.azure.ai.anomalydetector.models.AnomalyDetectorErrorException;
import com.azure.ai.anomalydetector.models.ChangePointDetectRequest;
import com.azure.ai.anomalydetector.models.ChangePointDetectResponse;
import com.azure.ai.anomalydetector.models.DetectRequest;
import com.azure.ai.anomalydetector.models.EntireDetectResponse;
import com.azure.ai.anomalydetector.models.LastDetectResponse;
import com.azure.ai.anomalydetector.models.TimeGranularity;
import com.azure.ai.anomalydetector.models.TimeSeriesPoint;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.AzureKeyCredentialPolicy;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.URL;
import java.security.KeyStore;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

/**
 * Drives Vigil with the retired service's own Java SDK (3.0.0-beta.4, API v1.1-preview.1) over HTTPS with a key,
 * exactly as an existing application would after changing endpoint and key.
 */
@QuarkusTest
class AzureSdkTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    private AnomalyDetectorClient client(String key) throws Exception {
        String endpoint = https.toString().replaceAll("/$", "");
        return new AnomalyDetectorClientBuilder()
                .endpoint(endpoint)
                .httpClient(new NettyAsyncHttpClientBuilder(HttpClient.create()
                        .secure(spec -> spec.sslContext(trustingTestCertificate()))).build())
                .addPolicy(new AzureKeyCredentialPolicy(SubscriptionKeyFilter.KEY_HEADER, new AzureKeyCredential(key)))
                .buildClient();
    }

    /** Trusts the test certificate only (what a user does with a self-signed local certificate). */
    private static SslContext trustingTestCertificate() {
        try (InputStream in = AzureSdkTest.class.getResourceAsStream("/azure-test-truststore.p12")) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(in, "vigil-test".toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return SslContextBuilder.forClient().trustManager(tmf).build();
        } catch (Exception e) {
            throw new IllegalStateException("test trust store unreadable", e);
        }
    }

    private static List<TimeSeriesPoint> hourly(int n, IntToDoubleFunction value) {
        List<TimeSeriesPoint> points = new ArrayList<>();
        OffsetDateTime start = OffsetDateTime.parse("2023-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            points.add(new TimeSeriesPoint().setTimestamp(start.plusHours(i)).setValue((float) value.applyAsDouble(i)));
        }
        return points;
    }

    @Test
    void detectEntireSeries() throws Exception {
        // the SDK README's shape: a 4-hour cycle with one spike at index 17
        DetectRequest request = new DetectRequest().setSeries(hourly(24, i -> i == 17 ? 100 : 10 + i % 4))
                .setGranularity(TimeGranularity.HOURLY).setPeriod(4).setMaxAnomalyRatio(0.25f).setSensitivity(95);
        EntireDetectResponse r = client("test-key-1").detectEntireSeries(request);
        assertEquals(4, r.getPeriod());
        assertEquals(24, r.getIsAnomaly().size());
        assertTrue(r.getIsAnomaly().get(17));
        assertTrue(r.getIsPositiveAnomaly().get(17));
        assertEquals(1, r.getIsAnomaly().stream().filter(a -> a).count());
        assertEquals(11f, r.getExpectedValues().get(17), 1f);
        assertEquals(24, r.getSeverity().size());
        assertTrue(r.getSeverity().get(17) > 0);
    }

    @Test
    void detectLastPoint() throws Exception {
        // last-detect lets the newest point pull its own expected value (as the service did), so the assertion is
        // that the value lies below the reported band, not that the expected value stays at the pattern's 13
        DetectRequest request = new DetectRequest()
                .setSeries(hourly(48, i -> i == 47 ? 2 : 10 + i % 4 + 0.05 * ((i * 7) % 5)))
                .setGranularity(TimeGranularity.HOURLY).setSensitivity(95);
        LastDetectResponse r = client("test-key-2").detectLastPoint(request);
        // the service's correlogram takes lags above 4 only: the 4-hour cycle is found as its double
        assertEquals(8, r.getPeriod());
        assertEquals(33, r.getSuggestedWindow());
        assertTrue(r.isAnomaly());
        assertTrue(r.isNegativeAnomaly());
        assertFalse(r.isPositiveAnomaly());
        assertTrue(r.getExpectedValue() - r.getLowerMargin() > 2f, r.getExpectedValue() + " - " + r.getLowerMargin());
        assertTrue(r.getSeverity() > 0);
    }

    @Test
    void detectChangePoint() throws Exception {
        ChangePointDetectRequest request = new ChangePointDetectRequest()
                .setSeries(hourly(96, i -> (i < 60 ? 10 : 30) + 0.1 * (i % 3)))
                .setGranularity(TimeGranularity.HOURLY).setStableTrendWindow(10).setThreshold(0.9f);
        ChangePointDetectResponse r = client("test-key-1").detectChangePoint(request);
        assertEquals(96, r.getIsChangePoint().size());
        assertTrue(r.getIsChangePoint().get(60));
        assertEquals(1, r.getIsChangePoint().stream().filter(c -> c).count());
        assertTrue(r.getConfidenceScores().get(60) >= 0.9f);
    }

    @Test
    void tooFewPointsIsAnInvalidSeriesError() throws Exception {
        DetectRequest request = new DetectRequest().setSeries(hourly(5, i -> i)).setGranularity(TimeGranularity.HOURLY);
        AnomalyDetectorClient client = client("test-key-1");
        AnomalyDetectorErrorException e = assertThrows(AnomalyDetectorErrorException.class,
                () -> client.detectEntireSeries(request));
        assertEquals(400, e.getResponse().getStatusCode());
        assertEquals("InvalidSeries", e.getValue().getCode().toString());
        assertEquals("InvalidSeries", e.getResponse().getHeaderValue("x-ms-error-code"));
    }

    @Test
    void aWrongKeyIsAnAuthenticationError() throws Exception {
        DetectRequest request = new DetectRequest().setSeries(hourly(24, i -> i)).setGranularity(TimeGranularity.HOURLY);
        AnomalyDetectorClient client = client("wrong-key");
        Exception e = assertThrows(Exception.class, () -> client.detectLastPoint(request));
        // the SDK maps 401 to ClientAuthenticationException or its own error type, depending on the operation
        assertTrue(e instanceof ClientAuthenticationException || e instanceof AnomalyDetectorErrorException, e.toString());
        assertTrue(e.getMessage().contains("401"), e.getMessage());
    }
}

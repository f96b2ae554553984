package dev.vigil.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.ai.anomalydetector.AnomalyDetectorClient;
import com.azure.ai.anomalydetector.AnomalyDetectorClientBuilder;
import com.azure.ai.anomalydetector.models.AlignMode;
import com.azure.ai.anomalydetector.models.AlignPolicy;
import com.azure.ai.anomalydetector.models.AnomalyState;
import com.azure.ai.anomalydetector.models.DetectionRequest;
import com.azure.ai.anomalydetector.models.DetectionResult;
import com.azure.ai.anomalydetector.models.DetectionStatus;
import com.azure.ai.anomalydetector.models.ErrorResponseException;
import com.azure.ai.anomalydetector.models.FillNaMethod;
import com.azure.ai.anomalydetector.models.LastDetectionRequest;
import com.azure.ai.anomalydetector.models.LastDetectionResult;
import com.azure.ai.anomalydetector.models.Model;
import com.azure.ai.anomalydetector.models.ModelInfo;
import com.azure.ai.anomalydetector.models.ModelSnapshot;
import com.azure.ai.anomalydetector.models.ModelStatus;
import com.azure.ai.anomalydetector.models.VariableValues;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.AzureKeyCredentialPolicy;
import com.azure.core.util.Context;
import dev.vigil.testing.MvDataResource;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.URL;
import java.security.KeyStore;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

/**
 * The retired service's Java SDK 3.0.0-beta.4 (API v1.1-preview.1) runs every multivariate call against Vigil
 * over HTTPS unchanged: train (201 + Location, no body), get, list (following nextLink), detect (201 + Location),
 * get result, last detect, export (a zip that Vigil loads again and that scores the same), delete.
 */
@QuarkusTest
@QuarkusTestResource(MvDataResource.class)
class MultivariateSdkTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    private AnomalyDetectorClient client() {
        return client("v1.1-preview.1");
    }

    private AnomalyDetectorClient client(String apiVersion) {
        return new AnomalyDetectorClientBuilder()
                .endpoint(https.toString().replaceAll("/$", "")).apiVersion(apiVersion)
                .httpClient(new NettyAsyncHttpClientBuilder(HttpClient.create()
                        .secure(spec -> spec.sslContext(trustingTestCertificate()))).build())
                .addPolicy(new AzureKeyCredentialPolicy(SubscriptionKeyFilter.KEY_HEADER,
                        new AzureKeyCredential("test-key-1")))
                .buildClient();
    }

    private static SslContext trustingTestCertificate() {
        try (InputStream in = MultivariateSdkTest.class.getResourceAsStream("/azure-test-truststore.p12")) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(in, "vigil-test".toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return SslContextBuilder.forClient().trustManager(tmf).build();
        } catch (Exception e) {
            throw new IllegalStateException("test trust store unreadable", e);
        }
    }

    private static OffsetDateTime at(int row) {
        return MvData.time(row).atOffset(ZoneOffset.UTC);
    }

    private static LastDetectionRequest last(int lastRow, int n, int points) {
        double[][] m = MvData.rows();
        List<VariableValues> vars = new ArrayList<>();
        for (int j = 0; j < MvData.VARIABLES.size(); j++) {
            List<String> times = new ArrayList<>();
            List<Float> values = new ArrayList<>();
            for (int i = lastRow - n + 1; i <= lastRow; i++) {
                times.add(MvData.time(i).toString());
                values.add((float) m[i][j]);
            }
            vars.add(new VariableValues().setName(MvData.VARIABLES.get(j)).setTimestamps(times).setValues(values));
        }
        return new LastDetectionRequest().setVariables(vars).setDetectingPoints(points);
    }

    @Test
    void theSdkSetToTheGaVersionReadsItsAnswers() {
        // azure-api.md §7.1: apiVersion("v1.1") changes only the path; the SDK keeps the preview's shapes
        AnomalyDetectorClient client = client("v1.1");
        String source = MvData.serve("sdk-ga.csv", MvData.oneTable(MvData.TRAIN));
        ModelInfo info = new ModelInfo().setSlidingWindow(28).setSource(source).setStartTime(at(0))
                .setEndTime(at(MvData.TRAIN - 1)).setDisplayName("sdk-ga");
        String location = client.trainMultivariateModelWithResponse(info, Context.NONE).getDeserializedHeaders()
                .getLocation();
        UUID modelId = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        await().atMost(Duration.ofSeconds(60)).until(() -> client.getMultivariateModel(modelId).getModelInfo()
                .getStatus() == ModelStatus.READY);
        Model model = client.getMultivariateModel(modelId);
        assertEquals(source, model.getModelInfo().getSource());
        assertEquals(at(0), model.getModelInfo().getDiagnosticsInfo().getVariableStates().get(0).getStartTime());
        assertEquals(at(MvData.TRAIN - 1), model.getModelInfo().getDiagnosticsInfo().getVariableStates().get(0)
                .getEndTime());
        ModelSnapshot listed = client.listMultivariateModel(0, 300).stream()
                .filter(s -> s.getModelId().equals(modelId)).findFirst().orElseThrow();
        assertEquals(ModelStatus.READY, listed.getStatus());
        assertEquals("sdk-ga", listed.getDisplayName());
        assertEquals(3, listed.getVariablesCount());
        client.deleteMultivariateModel(modelId);
    }

    @Test
    void everyPreviewCallOfTheJavaSdk() throws Exception {
        AnomalyDetectorClient client = client();
        String source = MvData.serve("sdk-series.zip", MvData.zip(MvData.ROWS));
        ModelInfo info = new ModelInfo().setSlidingWindow(28).setSource(source).setStartTime(at(0))
                .setEndTime(at(MvData.TRAIN - 1)).setDisplayName("sdk")
                .setAlignPolicy(new AlignPolicy().setAlignMode(AlignMode.OUTER).setFillNaMethod(FillNaMethod.LINEAR)
                        .setPaddingValue(0f));
        String location = client.trainMultivariateModelWithResponse(info, Context.NONE).getDeserializedHeaders()
                .getLocation();
        assertTrue(location.contains("/anomalydetector/v1.1-preview.1/multivariate/models/"), location);
        UUID modelId = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

        await().atMost(Duration.ofSeconds(60)).until(() -> client.getMultivariateModel(modelId).getModelInfo()
                .getStatus() != ModelStatus.CREATED && client.getMultivariateModel(modelId).getModelInfo().getStatus()
                != ModelStatus.RUNNING);
        Model model = client.getMultivariateModel(modelId);
        assertEquals(ModelStatus.READY, model.getModelInfo().getStatus());
        assertEquals(source, model.getModelInfo().getSource());
        assertEquals(3, model.getModelInfo().getDiagnosticsInfo().getVariableStates().size());
        assertEquals(MvData.TRAIN, model.getModelInfo().getDiagnosticsInfo().getVariableStates().get(0).getEffectiveCount());
        assertEquals(at(0), model.getModelInfo().getDiagnosticsInfo().getVariableStates().get(0).getStartTime());

        List<ModelSnapshot> listed = new ArrayList<>();
        client.listMultivariateModel(0, 1).forEach(listed::add); // one per page: the SDK follows nextLink
        assertTrue(listed.stream().anyMatch(s -> s.getModelId().equals(modelId) && s.getVariablesCount() == 3
                && "sdk".equals(s.getDisplayName())), listed.toString());

        String resultLocation = client.detectAnomalyWithResponse(modelId, new DetectionRequest().setSource(source)
                .setStartTime(at(MvData.TRAIN)).setEndTime(at(MvData.ROWS - 1)), Context.NONE)
                .getDeserializedHeaders().getLocation();
        assertTrue(resultLocation.contains("/multivariate/results/"), resultLocation);
        UUID resultId = UUID.fromString(resultLocation.substring(resultLocation.lastIndexOf('/') + 1));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            DetectionStatus s = client.getDetectionResult(resultId).getSummary().getStatus();
            return s == DetectionStatus.READY || s == DetectionStatus.FAILED;
        });
        DetectionResult result = client.getDetectionResult(resultId);
        assertEquals(DetectionStatus.READY, result.getSummary().getStatus());
        assertEquals(source, result.getSummary().getSetupInfo().getSource());
        AnomalyState fault = result.getResults().get(MvData.FAULT - MvData.TRAIN);
        assertTrue(fault.getValue().isAnomaly());
        assertEquals("power", fault.getValue().getInterpretation().get(0).getVariable());

        LastDetectionResult lastResult = client.lastDetectAnomaly(modelId, last(MvData.FAULT + 1, 40, 2));
        assertEquals(2, lastResult.getResults().size());
        assertTrue(lastResult.getResults().get(0).getValue().isAnomaly());
        assertEquals(at(MvData.FAULT + 1), lastResult.getResults().get(1).getTimestamp());

        byte[] zip;
        try (InputStream in = client.exportModel(modelId)) {
            zip = in.readAllBytes();
        }
        assertTrue(zip.length > 100 && zip[0] == 'P' && zip[1] == 'K');
        String imported = given().header(SubscriptionKeyFilter.KEY_HEADER, "test-key-1").contentType("application/zip")
                .body(zip).post("/anomalydetector/v1.1-preview.1/multivariate/models/import")
                .then().statusCode(201).extract().path("modelId");
        LastDetectionResult again = client.lastDetectAnomaly(UUID.fromString(imported), last(MvData.FAULT + 1, 40, 2));
        for (int i = 0; i < 2; i++) {
            assertEquals(lastResult.getResults().get(i).getValue().getScore(), again.getResults().get(i).getValue().getScore());
            assertEquals(lastResult.getResults().get(i).getValue().isAnomaly(), again.getResults().get(i).getValue().isAnomaly());
        }
        assertArrayEquals(new String[] {"load", "power", "temp"}, client.getMultivariateModel(UUID.fromString(imported))
                .getModelInfo().getDiagnosticsInfo().getVariableStates().stream().map(s -> s.getVariable()).toArray());

        client.deleteMultivariateModel(modelId);
        client.deleteMultivariateModel(UUID.fromString(imported));
        ErrorResponseException gone = assertThrows(ErrorResponseException.class, () -> client.getMultivariateModel(modelId));
        assertEquals(404, gone.getResponse().getStatusCode());
        assertNotNull(gone.getValue());
        assertEquals("ModelNotExist", gone.getValue().getCode());
        assertFalse(client.listMultivariateModel(0, 10).stream().anyMatch(s -> s.getModelId().equals(modelId)));
    }
}

package dev.vigil.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testing.MvDataResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The retired service's JavaScript client, {@code @azure-rest/ai-anomaly-detector} 1.0.0-beta.1 (API v1.1), runs
 * the full multivariate cycle against Vigil unchanged: {@code src/test/js/mv-cycle.js}, installed by
 * {@code npm ci} from the committed lock file. Skipped, saying so, only where Node.js is not installed.
 */
@QuarkusTest
@QuarkusTestResource(MvDataResource.class)
class MultivariateJsClientTest {

    private static final Path JS = Path.of("src", "test", "js");

    /** HTTPS, as against Azure: the client refuses to send a key over plain HTTP. */
    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void fullCycleWithTheJavaScriptClient() throws Exception {
        Assumptions.assumeTrue(found("node") && found("npm"),
                "Node.js (node and npm) is not installed: the JavaScript client test is skipped");
        run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);

        String source = MvData.serve("js-one-table.csv", MvData.oneTable(MvData.ROWS));
        Path lastBody = Files.createTempFile("mv-last", ".json");
        Files.writeString(lastBody, MultivariateApiTest.lastBody(MvData.FAULT, 28, "variable", "\"topContributorCount\":5"));
        String endpoint = https.toString().replaceAll("/$", "");
        String output = run(List.of("node", "mv-cycle.js"), Map.of(
                "NODE_EXTRA_CA_CERTS", testCertificate().toString(), "VIGIL_ENDPOINT", endpoint, "VIGIL_KEY", "test-key-2", "MV_SOURCE", source,
                "MV_START", MvData.time(0).toString(), "MV_TRAIN_END", MvData.time(MvData.TRAIN - 1).toString(),
                "MV_DETECT_START", MvData.time(MvData.TRAIN).toString(),
                "MV_END", MvData.time(MvData.ROWS - 1).toString(), "MV_LAST_BODY", lastBody.toString()), 180);
        String[] lines = output.strip().split("\n");
        JsonNode out = new ObjectMapper().readTree(lines[lines.length - 1]);

        assertEquals("201", out.path("statuses").path("train").asText(), output);
        assertTrue(out.path("location").asText().endsWith("/multivariate/models/" + out.path("modelId").asText()));
        assertEquals("READY", out.path("modelStatus").asText(), output);
        assertEquals("[\"load\",\"power\",\"temp\"]", out.path("variables").toString());
        assertTrue(out.path("listed").asBoolean(), "paginate() over nextLink found the model: " + output);
        assertEquals("202", out.path("statuses").path("detectBatch").asText());
        assertTrue(out.path("operationLocation").asText().contains("/multivariate/detect-batch/"));
        assertEquals("READY", out.path("resultStatus").asText(), output);
        assertEquals(MvData.ROWS - MvData.TRAIN, out.path("results").asInt());
        assertTrue(out.path("anomalies").findValuesAsText("timestamp").contains(MvData.time(MvData.FAULT).toString()),
                output);
        assertEquals(MvData.time(MvData.FAULT).toString(), out.path("last").path(0).path("timestamp").asText());
        assertTrue(out.path("last").path(0).path("isAnomaly").asBoolean(), output);
        assertEquals("204", out.path("statuses").path("delete").asText());
        JsonNode gone = out.path("afterDelete");
        assertTrue(gone.path("unexpected").asBoolean());
        assertEquals("404", gone.path("status").asText());
        assertEquals("ModelNotExist", gone.path("code").asText());
        assertEquals("ModelNotExist", gone.path("header").asText());
    }

    /** The test server's self-signed certificate as PEM, which Node then trusts (as a user would do). */
    private static Path testCertificate() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = MultivariateJsClientTest.class.getResourceAsStream("/azure-test-truststore.p12")) {
            trust.load(in, "vigil-test".toCharArray());
        }
        Certificate cert = trust.getCertificate(trust.aliases().nextElement());
        Path pem = Files.createTempFile("vigil-test-cert", ".pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        return pem;
    }

    private static boolean found(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(List<String> command, Map<String, String> env, int seconds) throws Exception {
        File log = Files.createTempFile("mv-js", ".log").toFile();
        ProcessBuilder pb = new ProcessBuilder(command).directory(JS.toFile()).redirectErrorStream(true)
                .redirectOutput(log);
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertTrue(done && p.exitValue() == 0, String.join(" ", command) + " failed:\n" + output);
        return output;
    }
}

package dev.vigil.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Kubernetes manifest in {@code infra/} parses with the fabric8 Kubernetes model (kinds it does not know, such
 * as Knative's, KEDA's or the Prometheus operator's, as generic resources), and the always-on shape in
 * {@code infra/kubernetes/} has what Vigil relies on: probes on the management port, a Service and budget that
 * select the pods, settings and secrets that exist, resources, and autoscaling aimed at the Deployment.
 */
class KubernetesManifestsTest {

    private static final Path INFRA = Path.of("infra");
    private static final Map<String, Integer> HEALTH = Map.of("/q/health/started", 9000, "/q/health/ready", 9000,
            "/q/health/live", 9000);

    private final KubernetesSerialization yaml = new KubernetesSerialization();

    @Test
    void everyManifestInInfraParses() throws IOException {
        List<HasMetadata> all = new ArrayList<>();
        for (Path file : manifests(INFRA)) {
            List<HasMetadata> docs = parse(file);
            assertFalse(docs.isEmpty(), file + " holds no Kubernetes object");
            docs.forEach(d -> assertNotNull(d.getMetadata().getName(), file + ": an object without a name"));
            all.addAll(docs);
        }
        assertTrue(all.stream().anyMatch(Deployment.class::isInstance), "the always-on Deployment is among them");
    }

    @Test
    void theDeploymentProbesTheManagementPortAndCarriesResources() throws IOException {
        Deployment d = one(Deployment.class);
        assertTrue(d.getSpec().getReplicas() >= 2, "several replicas");
        assertEquals(d.getSpec().getSelector().getMatchLabels(),
                filter(d.getSpec().getTemplate().getMetadata().getLabels(), d.getSpec().getSelector().getMatchLabels()));
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertProbe(c, c.getStartupProbe(), "/q/health/started");
        assertProbe(c, c.getReadinessProbe(), "/q/health/ready");
        assertProbe(c, c.getLivenessProbe(), "/q/health/live");
        assertNotNull(c.getResources().getRequests().get("cpu"));
        assertNotNull(c.getResources().getRequests().get("memory"));
        assertNotNull(c.getResources().getLimits().get("memory"));
        assertTrue(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds() > 25,
                "longer than quarkus.shutdown.timeout, so a run hands its claims back before the kill");
        String configMap = c.getEnvFrom().stream().filter(e -> e.getConfigMapRef() != null).findFirst().orElseThrow()
                .getConfigMapRef().getName();
        String secret = c.getEnvFrom().stream().filter(e -> e.getSecretRef() != null).findFirst().orElseThrow()
                .getSecretRef().getName();
        assertEquals(configMap, one(ConfigMap.class).getMetadata().getName());
        Secret s = one(Secret.class);
        assertEquals(secret, s.getMetadata().getName());
        assertTrue(s.getStringData().keySet().containsAll(List.of("VIGIL_DB_USER", "VIGIL_DB_PASSWORD", "VIGIL_KEYS")));
    }

    @Test
    void everySettingInTheConfigMapIsOneVigilReads() throws IOException {
        String properties = Files.readString(Path.of("src/main/resources/application.properties"));
        String readme = Files.readString(Path.of("README.md")) + Files.readString(INFRA.resolve("README.md"));
        for (String key : one(ConfigMap.class).getData().keySet()) {
            String dotted = key.toLowerCase().replace('_', '.');
            assertTrue(properties.contains("${" + key) || properties.contains(dotted) || readme.contains(key)
                    || readme.contains(dotted) || key.startsWith("JAVA_"), key + " is read nowhere");
        }
    }

    @Test
    void serviceBudgetAndAutoscalersAimAtTheDeployment() throws IOException {
        Deployment d = one(Deployment.class);
        Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
        Service svc = one(Service.class);
        assertEquals(svc.getSpec().getSelector(), filter(labels, svc.getSpec().getSelector()));
        List<String> ports = d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                .map(ContainerPort::getName).toList();
        svc.getSpec().getPorts().forEach(p -> assertTrue(ports.contains(p.getTargetPort().getStrVal()),
                "the Service's target port " + p.getTargetPort() + " is a named container port"));
        assertTrue(svc.getSpec().getPorts().stream().noneMatch(p -> p.getPort() == 9000), "management not exposed");

        PodDisruptionBudget pdb = one(PodDisruptionBudget.class);
        assertEquals(pdb.getSpec().getSelector().getMatchLabels(),
                filter(labels, pdb.getSpec().getSelector().getMatchLabels()));
        assertEquals(new IntOrString(1), pdb.getSpec().getMaxUnavailable());

        HorizontalPodAutoscaler hpa = one(HorizontalPodAutoscaler.class);
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals(d.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
        assertTrue(hpa.getSpec().getMinReplicas() >= 2);

        GenericKubernetesResource keda = kubernetes().stream().filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast).filter(r -> r.getKind().equals("ScaledObject"))
                .findFirst().orElseThrow();
        assertEquals(d.getMetadata().getName(), keda.get("spec", "scaleTargetRef", "name"));
        List<Map<String, Object>> triggers = keda.get("spec", "triggers");
        @SuppressWarnings("unchecked")
        String query = ((Map<String, String>) triggers.get(0).get("metadata")).get("query");
        assertTrue(query.contains("kafka_consumer_fetch_manager_records_lag_max"), query);
        // Kafka reports each partition's lag under the topic's name and under it with dots made underscores
        assertTrue(query.startsWith("sum(max without (topic) ("), "one series per partition: " + query);
        assertTrue(Files.readString(Path.of("README.md")).contains("kafka_consumer_fetch_manager_records_lag_max"),
                "the metric KEDA reads is one Vigil documents");
    }

    private static void assertProbe(Container c, Probe probe, String path) {
        assertNotNull(probe, path);
        assertEquals(path, probe.getHttpGet().getPath());
        IntOrString port = probe.getHttpGet().getPort();
        int number = port.getIntVal() != null ? port.getIntVal() : c.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName())).findFirst().orElseThrow().getContainerPort();
        assertEquals(HEALTH.get(path), number, path + " on the management port");
    }

    private <T> T one(Class<T> kind) throws IOException {
        List<T> found = kubernetes().stream().filter(kind::isInstance).map(kind::cast).toList();
        assertEquals(1, found.size(), "one " + kind.getSimpleName() + " in infra/kubernetes");
        return found.get(0);
    }

    private List<HasMetadata> kubernetes() throws IOException {
        List<HasMetadata> all = new ArrayList<>();
        for (Path file : manifests(INFRA.resolve("kubernetes"))) {
            all.addAll(parse(file));
        }
        return all;
    }

    /** The YAML files under the folder that hold Kubernetes objects (compose files have no apiVersion). */
    private static List<Path> manifests(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> read(f).lines().anyMatch(l -> l.startsWith("apiVersion:"))).sorted().toList();
        }
    }

    private List<HasMetadata> parse(Path file) {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : read(file).split("(?m)^---\\s*$")) {
            if (doc.lines().anyMatch(l -> l.startsWith("apiVersion:"))) {
                out.add(yaml.unmarshal(doc));
            }
        }
        return out;
    }

    private static Map<String, String> filter(Map<String, String> labels, Map<String, String> wanted) {
        return wanted.keySet().stream().filter(labels::containsKey)
                .collect(java.util.stream.Collectors.toMap(k -> k, labels::get));
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

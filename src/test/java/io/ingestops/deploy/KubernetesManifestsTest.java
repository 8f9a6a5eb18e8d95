package io.ingestops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Renders the kustomize base and overlays offline and checks them against the application's own settings. */
class KubernetesManifestsTest {

    private static final List<String> INGEST_SETTINGS = List.of(
            "INGEST_MAX_CONCURRENT",
            "INGEST_POLL_INTERVAL",
            "INGEST_HEARTBEAT_INTERVAL",
            "INGEST_STALE_AFTER",
            "INGEST_REAPER_INTERVAL",
            "INGEST_TIMEOUT_BASE",
            "INGEST_TIMEOUT_PER_ITEM",
            "INGEST_TIMEOUT_MIN",
            "INGEST_TIMEOUT_MAX",
            "INGEST_RETRY_MAX_ATTEMPTS",
            "INGEST_RETRY_BACKOFF",
            "INGEST_RETENTION",
            "INGEST_SHUTDOWN_GRACE",
            "INGEST_SYNC_WAIT_MAX",
            "INGEST_SYNC_ROOT",
            "INGEST_CHUNK_SIZE",
            "INGEST_CHUNK_OVERLAP",
            "INGEST_LIMITS_TEXT_BYTES",
            "INGEST_LIMITS_BATCH_MESSAGES",
            "INGEST_LIMITS_FILE_BYTES",
            "INGEST_LIMITS_JSON_BYTES",
            "INGEST_LIMITS_EXTRACTED_CHARS",
            "INGEST_LIMITS_PDF_PAGES",
            "INGEST_LIMITS_PDF_STREAM_BYTES",
            "INGEST_LIMITS_HTML_BYTES",
            "INGEST_SIMULATE_ITEM_DELAY",
            "QUARKUS_DATASOURCE_JDBC_MAX_SIZE");

    @ParameterizedTest
    @ValueSource(
            strings = {"kubernetes", "kubernetes/overlays/dev", "kubernetes/overlays/prod", "kubernetes/overlays/keda"})
    void renderedManifestsMatchTheApplication(String dir) throws Exception {
        List<JsonNode> documents = render(dir);
        JsonNode deployment = find(documents, "Deployment");
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        int httpPort = Integer.parseInt(applicationProperty("quarkus.http.port"));

        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(httpPort);
        assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertThat(container.at("/" + probe + "/httpGet/port").asText()).isEqualTo("http");
        }
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean())
                .isTrue();
        assertThat(deployment
                        .at("/spec/template/spec/securityContext/runAsNonRoot")
                        .asBoolean())
                .isTrue();

        JsonNode config = find(documents, "ConfigMap");
        for (String setting : INGEST_SETTINGS) {
            assertThat(config.at("/data/" + setting).isMissingNode())
                    .as(setting)
                    .isFalse();
        }
        // SIGTERM to exit is at most shutdown grace + 5 s (DESIGN §6): the grace, then the hand-backs left
        // (WorkerNode.HAND_BACK_BUDGET), the HTTP drain and the process's own teardown
        long grace = seconds(config.at("/data/INGEST_SHUTDOWN_GRACE").asText());
        long preStop = container.at("/lifecycle/preStop/sleep/seconds").asLong();
        long httpDrain = seconds(config.at("/data/QUARKUS_SHUTDOWN_TIMEOUT").asText());
        double handBack = io.ingestops.worker.WorkerNode.HAND_BACK_BUDGET.toMillis() / 1000.0;
        double teardown = 1.0;
        assertThat(handBack + httpDrain + teardown).isLessThanOrEqualTo(5);
        // and Kubernetes waits longer than that, after the preStop pause, before it kills the pod
        assertThat(deployment
                        .at("/spec/template/spec/terminationGracePeriodSeconds")
                        .asLong())
                .isGreaterThan(preStop + grace + 5);

        // connections: the pool covers the jobs and the background threads, and every replica the
        // autoscaler may run (plus the rolling update's surge) fits the budget it declares
        int maxConcurrent = config.at("/data/INGEST_MAX_CONCURRENT").asInt();
        int pool = Integer.parseInt(
                config.at("/data/QUARKUS_DATASOURCE_JDBC_MAX_SIZE").asText());
        assertThat(pool).as("pool >= max-concurrent + 4 background + 1 API").isGreaterThanOrEqualTo(maxConcurrent + 5);
        JsonNode autoscaler = documents.stream()
                .filter(d -> List.of("HorizontalPodAutoscaler", "ScaledObject")
                        .contains(d.path("kind").asText()))
                .reduce((one, two) -> {
                    throw new AssertionError("two autoscalers rendered in " + dir);
                })
                .orElseThrow(() -> new AssertionError("no autoscaler rendered in " + dir));
        int maxReplicas = autoscaler.path("spec").has("maxReplicas")
                ? autoscaler.at("/spec/maxReplicas").asInt()
                : autoscaler.at("/spec/maxReplicaCount").asInt();
        int surge = deployment.at("/spec/strategy/rollingUpdate/maxSurge").asInt();
        int budget = Integer.parseInt(autoscaler
                .at("/metadata/annotations/ingestops.dev~1database-connection-budget")
                .asText());
        assertThat((maxReplicas + surge) * (pool + 1))
                .as("(maxReplicas %d + surge %d) x (pool %d + LISTEN 1) within the budget", maxReplicas, surge, pool)
                .isLessThanOrEqualTo(budget);
        if (autoscaler.path("kind").asText().equals("ScaledObject")) {
            assertThat(autoscaler.at("/spec/scaleTargetRef/name").asText())
                    .isEqualTo(deployment.at("/metadata/name").asText());
            assertThat(autoscaler.at("/spec/triggers/0/metadata/query").asText())
                    .contains("ingest_operations_queue_depth");
        }

        JsonNode policy = find(documents, "NetworkPolicy");
        assertThat(policy.at("/spec/ingress/0/ports/0/port").asInt()).isEqualTo(httpPort);
        List<Integer> egress = new ArrayList<>();
        policy.at("/spec/egress").forEach(rule -> rule.get("ports")
                .forEach(p -> egress.add(p.get("port").asInt())));
        assertThat(egress).containsOnly(5432, 53);

        for (String kind : List.of("Service", "PodDisruptionBudget", "Secret")) {
            find(documents, kind);
        }
    }

    private static long seconds(String duration) {
        assertThat(duration).matches("\\d+s");
        return Long.parseLong(duration.substring(0, duration.length() - 1));
    }

    private static JsonNode find(List<JsonNode> documents, String kind) {
        return documents.stream()
                .filter(d -> kind.equals(d.path("kind").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " rendered"));
    }

    private static List<JsonNode> render(String dir) throws IOException, InterruptedException {
        assumeTrue(onPath("kubectl"), "kubectl is not installed; nothing to render with");
        Process process = new ProcessBuilder("kubectl", "kustomize", dir)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> all = yaml.readerFor(JsonNode.class).readValues(output)) {
            all.forEachRemaining(documents::add);
        }
        return documents;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static String applicationProperty(String name) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties.getProperty(name);
    }
}

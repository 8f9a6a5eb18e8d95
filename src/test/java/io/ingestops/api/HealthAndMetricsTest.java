package io.ingestops.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthAndMetricsTest extends ApiTest {

    @Test
    void probesReportTheWorker() {
        given().get("/q/health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.data.worker_id", hasItem("test-main"))
                .body("checks.data.capacity", hasItem(3));
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("operations"));
        given().get("/q/health/started").then().statusCode(200).body("checks.name", hasItem("startup"));
    }

    @Test
    void everyNamedMetricIsScrapedAfterAFewOperations() {
        as(ACME).body(Map.of("collection", "m", "text", "metrics please"))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(200);
        // a reaped operation, for the reaped-by-reason counter
        fixtures.anOperation()
                .running("gone")
                .deadlineIn(java.time.Duration.ofMinutes(-5))
                .insert();
        as(Tokens.admin("ops")).post("/api/v1/admin/operations/reap").then().statusCode(200);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : List.of(
                "ingest_operations_submitted_total{type=\"ingest_text\"}",
                "ingest_operations_finished_total{status=\"completed\",type=\"ingest_text\"}",
                "ingest_operations_duration_seconds_bucket{type=\"ingest_text\"",
                "ingest_operations_duration_seconds_count{type=\"ingest_text\"}",
                "ingest_operations_running{worker=\"test-main\"}",
                "ingest_operations_queue_depth",
                "ingest_operations_reaped_total{reason=\"deadline_exceeded\"}",
                "ingest_heartbeat_age_seconds{worker=\"test-main\"}",
                "ingest_event_streams_open",
                "ingest_event_notifications_total",
                "http_server_requests_seconds_count",
                "jvm_memory_used_bytes",
                "agroal_active_count")) {
            assertThat(metrics).as(name).contains(name);
        }
        // low-cardinality tags only: no operation id ever appears in a metric
        assertThat(metrics).doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    /** DESIGN §6 "Metrics parse": the strict text-format parser scrapers use accepts the whole scrape. */
    @Test
    void theScrapePassesPromtoolsStrictParser() throws Exception {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("# HELP ")) {
                // the format allows only \\ and \n as escapes in HELP text
                assertThat(line.replace("\\\\", "").replace("\\n", "")).as(line).doesNotContain("\\");
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new java.io.File("/usr/bin/promtool").canExecute(), "promtool is installed by bin/check-monitoring");
        Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (var in = promtool.getOutputStream()) {
            in.write(metrics.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String output = new String(promtool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        // promtool exits 3 for lint warnings (naming advice) and 1 for a scrape it cannot parse
        assertThat(output).as(output).doesNotContain("error while linting").doesNotContain("parsing error");
        assertThat(promtool.exitValue()).as(output).isNotEqualTo(1);
    }

    @Test
    void openApiDescribesEveryPathOfTheContract() {
        String document = given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (String path : List.of(
                "/api/v1/ingest/text",
                "/api/v1/ingest/batch",
                "/api/v1/ingest/files",
                "/api/v1/sync",
                "/api/v1/sync/status",
                "/api/v1/collections",
                "/api/v1/collections/{collection}",
                "/api/v1/collections/{collection}/reindex",
                "/api/v1/collections/{collection}/remove-source",
                "/api/v1/collections/{collection}/documents",
                "/api/v1/collections/{collection}/search",
                "/api/v1/operations",
                "/api/v1/operations/{id}",
                "/api/v1/operations/{id}/wait",
                "/api/v1/operations/{id}/events",
                "/api/v1/operations/{id}/cancel",
                "/api/v1/operations/{id}/retry",
                "/api/v1/operations/stats",
                "/api/v1/operations/events",
                "/api/v1/admin/operations/reap",
                "/api/v1/admin/operations",
                "/api/v1/admin/operations/bulk",
                "/api/v1/admin/workers")) {
            assertThat(document).as(path).contains("\"" + path + "\"");
        }
        assertThat(document).contains("\"bearer\"").contains("problem+json").contains("summary");
        // error answers are described with the Problem schema, and the operation resource has an example
        io.restassured.path.json.JsonPath openapi = new io.restassured.path.json.JsonPath(document);
        assertThat(openapi.getMap("components.schemas.Problem.properties"))
                .containsKeys("type", "title", "status", "code");
        assertThat(openapi.getMap("paths.'/api/v1/ingest/text'.post.responses"))
                .containsKeys("202", "400", "413", "422");
        assertThat(openapi.getMap("paths.'/api/v1/operations/{id}/cancel'.post.responses"))
                .containsKeys("409", "404");
        assertThat(openapi.getMap("paths.'/api/v1/operations/{id}/events'.get.responses"))
                .containsKey("429");
        assertThat(openapi.getList("components.schemas.Operation.examples")).isNotEmpty();
        // field names as the API writes them
        assertThat(openapi.getMap("components.schemas.Operation.properties"))
                .containsKeys("tenant_id", "cancel_requested", "submitted_by", "metadata", "input");
    }

    /**
     * What generated clients need (issue 10, item 12): a unique operationId on every operation,
     * the fields the service writes as null typed nullable (so the operation example conforms to its
     * own schema), one security scheme, a server, and no schema nobody uses.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiDocumentSuitsGeneratedClients() {
        io.restassured.path.json.JsonPath openapi =
                new io.restassured.path.json.JsonPath(given().get("/q/openapi?format=json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        List<String> ids = new java.util.ArrayList<>();
        paths.values().forEach(item -> item.values()
                .forEach(op -> ids.add((String) ((Map<String, Object>) op).get("operationId"))));
        assertThat(ids).hasSize(32).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(openapi.getMap("components.securitySchemes")).containsOnlyKeys("bearer");
        assertThat(openapi.getList("servers")).isNotEmpty();
        assertThat(openapi.getMap("components.schemas"))
                .doesNotContainKeys("JsonNode", "MultipartFormDataInput", "FileSystem", "FormValue");

        Map<String, Object> operation = openapi.getMap("components.schemas.Operation");
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) operation.get("properties");
        Map<String, Object> example = openapi.getMap("components.schemas.Operation.examples[0]");
        assertThat((List<String>) operation.get("required")).containsAll(properties.keySet());
        example.forEach((name, value) -> {
            assertThat(properties).as("example field %s is in the schema", name).containsKey(name);
            if (value == null) {
                assertThat(allowsNull(properties.get(name)))
                        .as("%s may be null", name)
                        .isTrue();
            }
        });
        assertThat(allowsNull(properties.get("id"))).isFalse();
    }

    @SuppressWarnings("unchecked")
    private static boolean allowsNull(Map<String, Object> schema) {
        Object type = schema.get("type");
        if (type instanceof List<?> types && types.contains("null")) {
            return true;
        }
        Object anyOf = schema.get("anyOf");
        return anyOf instanceof List<?> members
                && members.stream().anyMatch(m -> "null".equals(((Map<String, Object>) m).get("type")));
    }
}

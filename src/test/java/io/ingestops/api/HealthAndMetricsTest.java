package io.ingestops.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.ingestops.testsupport.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
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
    void metricsCountSubmittedAndFinishedOperations() {
        as(ACME).body(Map.of("collection", "m", "text", "metrics please"))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(200);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("ingest_operations_submitted_total{type=\"ingest_text\"}"))
                .body(containsString("ingest_operations_finished_total{status=\"completed\",type=\"ingest_text\"}"))
                .body(containsString("ingest_operations_duration_seconds_bucket"))
                .body(containsString("ingest_operations_running{worker=\"test-main\"}"))
                .body(containsString("ingest_operations_queue_depth"));
    }

    @Test
    void openApiDescribesTheOperationsApi() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body(containsString("/api/v1/ingest/text"))
                .body(containsString("/api/v1/operations/{id}/wait"));
    }
}

package io.ingestops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.ingestops.operation.OperationStatus;
import io.ingestops.reaper.ReaperScheduler;
import io.ingestops.testsupport.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsApiTest extends ApiTest {

    @jakarta.inject.Inject
    ReaperScheduler reapers;

    @Test
    void cancellingAPendingOperationCancelsItAtOnce() {
        nodes.pauseApplicationNode();
        String id = submitText("c", "never runs");
        as(ACME).post("/api/v1/operations/" + id + "/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("cancelled"))
                .body("done", equalTo(true))
                .body("cancel_requested", equalTo(true))
                .body("result.documents_added", equalTo(0));
        nodes.resumeApplicationNode();
        assertThat(db.count("SELECT count(*) FROM document")).isZero();
    }

    @Test
    void deleteIsCancelToo() {
        nodes.pauseApplicationNode();
        String id = submitText("c", "never runs");
        as(ACME).delete("/api/v1/operations/" + id).then().statusCode(200).body("status", equalTo("cancelled"));
    }

    @Test
    void cancellingARunningOperationStopsItAtTheNextCheckpoint() {
        String id = submitText("slow", longText(150));
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        as(ACME).get("/api/v1/operations/" + id).path("status").equals("running"));

        as(ACME).post("/api/v1/operations/" + id + "/cancel")
                .then()
                .statusCode(200)
                .body("cancel_requested", equalTo(true))
                // the worker hears of the request through NOTIFY and may have stopped before this answer
                .body("status", anyOf(equalTo("running"), equalTo("cancelled")));
        // at the next checkpoint (at the latest one heartbeat interval later), with slack for a loaded machine
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        as(ACME).get("/api/v1/operations/" + id).path("status").equals("cancelled"));
        as(ACME).get("/api/v1/operations/" + id)
                .then()
                .body("done", equalTo(true))
                .body("result.documents_added", equalTo(0))
                .body("error", nullValue());
        assertThat(db.count("SELECT count(*) FROM chunk")).isZero();
    }

    @Test
    void cancellingAFinishedOperationIsRefused() {
        String id = as(ACME).body(Map.of("collection", "c", "text", "done quickly"))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        as(ACME).post("/api/v1/operations/" + id + "/cancel")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("not_cancellable"));
        as(ACME).get("/api/v1/operations/" + id).then().body("status", equalTo("completed"));
    }

    @Test
    void retryCreatesANewOperationWithTheSameInput() {
        nodes.pauseApplicationNode();
        String id = submitText("c", "retry me");
        as(ACME).post("/api/v1/operations/" + id + "/retry")
                .then()
                .statusCode(409)
                .body("code", equalTo("not_retryable"));
        as(ACME).post("/api/v1/operations/" + id + "/cancel").then().statusCode(200);
        nodes.resumeApplicationNode();

        var retried = as(ACME).post("/api/v1/operations/" + id + "/retry");
        retried.then().statusCode(202).body("status", equalTo("pending")).body("attempt", equalTo(0));
        String retryId = retried.path("id");
        assertThat(retried.header("Location")).isEqualTo("/api/v1/operations/" + retryId);
        assertThat(retryId).isNotEqualTo(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> as(ACME).get("/api/v1/operations/" + retryId)
                .path("status")
                .equals("completed"));
        as(ACME).get("/api/v1/operations/" + retryId).then().body("retry_of", equalTo(id));
        as(ACME).get("/api/v1/collections/c/search?q=retry").then().body("results", hasSize(1));
    }

    @Test
    void waitAnswersAsSoonAsTheOperationIsDone() {
        String id = submitText("c", longText(10));
        as(ACME).get("/api/v1/operations/" + id + "/wait?timeout=30")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("done", equalTo(true));
    }

    @Test
    void waitAnswersTheCurrentStateAfterItsTimeout() {
        nodes.pauseApplicationNode();
        String id = submitText("c", "stays pending");
        as(ACME).get("/api/v1/operations/" + id + "/wait?timeout=1")
                .then()
                .statusCode(200)
                .body("status", equalTo("pending"))
                .body("done", equalTo(false));
    }

    @Test
    void listingIsNewestFirstAndPagesAcrossEqualTimestamps() {
        nodes.pauseApplicationNode();
        // seven operations created in the same microsecond: only the id orders them
        db.execute("INSERT INTO operation (id, tenant_id, type, status, collection, input, max_attempts, created_at)"
                + " SELECT gen_random_uuid(), 'acme', 'ingest_text', 'pending', 'c', '{}', 3,"
                + " timestamptz '2026-01-01 00:00:00+00' FROM generate_series(1, 7)");
        fixtures.anOperation().tenant("globex").insert();
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            var request = as(ACME).queryParam("limit", 3);
            if (token != null) {
                request.queryParam("page_token", token);
            }
            var page = request.get("/api/v1/operations").then().statusCode(200).extract();
            List<String> ids = page.path("operations.id");
            seen.addAll(ids);
            token = page.path("next_page_token");
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        // PostgreSQL orders uuids bytewise, which is the order of their lower-case text form
        assertThat(seen)
                .isEqualTo(seen.stream().sorted((a, b) -> b.compareTo(a)).toList());
    }

    @Test
    void listingFiltersByStatusTypeAndCollection() {
        nodes.pauseApplicationNode();
        fixtures.anOperation().collection("a").insert();
        fixtures.anOperation().collection("b").insert();
        fixtures.anOperation().collection("a").status(OperationStatus.COMPLETED).insert();
        as(ACME).get("/api/v1/operations?status=pending&collection=a").then().body("operations", hasSize(1));
        as(ACME).get("/api/v1/operations?status=pending,completed").then().body("operations", hasSize(3));
        as(ACME).get("/api/v1/operations?type=sync").then().body("operations", hasSize(0));
        as(ACME).get("/api/v1/operations?type=ingest_text&limit=2")
                .then()
                .body("operations", hasSize(2))
                .body("next_page_token", notNullValue());
        as(ACME).get("/api/v1/operations?limit=50").then().body("next_page_token", nullValue());
    }

    @Test
    void statsCountTheTenantsOperations() {
        as(ACME).body(Map.of("collection", "c", "text", "one two three"))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(200);
        nodes.pauseApplicationNode();
        submitText("c", "pending one");
        fixtures.anOperation().tenant("globex").insert();
        as(ACME).get("/api/v1/operations/stats")
                .then()
                .statusCode(200)
                .body("by_status.completed", equalTo(1))
                .body("by_status.pending", equalTo(1))
                .body("by_status.running", equalTo(0))
                .body("by_type.ingest_text.completed", equalTo(1))
                .body("by_type.ingest_text.pending", equalTo(1))
                .body("chunks_created", equalTo(1))
                .body("duration_seconds.ingest_text.mean", notNullValue())
                .body("duration_seconds.ingest_text.p95", notNullValue());
    }

    @Test
    void adminReapRunsTheReapersNow() {
        nodes.pauseApplicationNode();
        reapers.pause();
        String id = fixtures.anOperation()
                .running("dead-pod")
                .deadlineIn(Duration.ofMinutes(-5))
                .insert()
                .toString();
        as(io.ingestops.testsupport.Tokens.admin("acme"))
                .post("/api/v1/admin/operations/reap")
                .then()
                .statusCode(200)
                .body("deadline_exceeded", equalTo(1))
                .body("stale_retried", equalTo(0));
        reapers.resume();
        as(ACME).get("/api/v1/operations/" + id)
                .then()
                .body("status", equalTo("failed"))
                .body("error.code", equalTo("deadline_exceeded"));
        as(ACME).post("/api/v1/admin/operations/reap")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("forbidden"));
    }
}

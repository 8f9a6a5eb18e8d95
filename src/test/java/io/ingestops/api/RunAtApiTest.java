package io.ingestops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.SourceFolders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RunAtApiTest extends ApiTest {

    private static JsonPath submit(Map<String, Object> body) {
        return as(ACME).body(body)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
    }

    @Test
    void anOperationWaitsForItsRunAtThenRuns() {
        nodes.startReplica("second-replica"); // neither replica claims it early
        Instant runAt = Instant.now().plusMillis(1500).truncatedTo(ChronoUnit.MILLIS);
        JsonPath submitted = submit(Map.of("collection", "c", "text", "later", "run_at", runAt.toString()));
        String id = submitted.getString("id");
        assertThat(submitted.getString("status")).isEqualTo("pending");
        assertThat(Instant.parse(submitted.getString("run_at"))).isEqualTo(runAt);
        // the application's worker is running: only run_at holds it back
        as(ACME).get("/api/v1/operations?status=pending")
                .then()
                .statusCode(200)
                .body("operations.id", hasItem(id))
                .body("operations.find { it.id == '" + id + "' }.run_at", equalTo(runAt.toString()));

        await().atMost(Duration.ofSeconds(15)).until(() -> "completed"
                .equals(as(ACME).get("/api/v1/operations/" + id).path("status")));
        Instant started = Instant.parse(as(ACME).get("/api/v1/operations/" + id).path("started_at"));
        assertThat(started).isAfterOrEqualTo(runAt);
    }

    @Test
    void aRunAtInThePastRunsNowAndNoneMeansNull() {
        String past = Instant.now()
                .minus(Duration.ofDays(3))
                .truncatedTo(ChronoUnit.MILLIS)
                .toString();
        String id = submit(Map.of("collection", "c", "text", "overdue", "run_at", past))
                .getString("id");
        String plain = submit(Map.of("collection", "c", "text", "plain")).getString("id");
        await().atMost(Duration.ofSeconds(15)).until(() -> "completed"
                .equals(as(ACME).get("/api/v1/operations/" + id).path("status")));
        as(ACME).get("/api/v1/operations/" + id)
                .then()
                .body("run_at", equalTo(Instant.parse(past).toString()));
        as(ACME).get("/api/v1/operations/" + plain).then().body("run_at", nullValue());
    }

    @Test
    void aPendingOperationIsCancelledBeforeItsRunAt() {
        String runAt = Instant.now().plus(Duration.ofHours(1)).toString();
        String id = submit(Map.of("collection", "c", "text", "never", "run_at", runAt))
                .getString("id");
        as(ACME).post("/api/v1/operations/" + id + "/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("cancelled"));
        assertThat(db.count("SELECT count(*) FROM document")).isZero();
    }

    @Test
    void badRunAtValuesAreRefusedAndCreateNothing() {
        String tooFar = Instant.now().plus(Duration.ofDays(370)).toString();
        for (Object bad : new Object[] {
            "tomorrow",
            "2026-12-06 10:00:00",
            "2026-12-06T10:00:00",
            tooFar,
            "+999999999-12-31T23:59:59Z",
            "2026-13-01T00:00:00Z",
            1733480000,
            "2026-12-06T10:00:00Z\u0000"
        }) {
            as(ACME).body(Map.of("collection", "c", "text", "x", "run_at", bad))
                    .post("/api/v1/ingest/text")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body(containsString("run_at"));
        }
        SourceFolders folder = SourceFolders.create().write("a.txt", "Alpha.");
        as(ACME).body(Map.of("collection", "c", "source", folder.source(), "run_at", "soon"))
                .post("/api/v1/sync")
                .then()
                .statusCode(400)
                .body(containsString("run_at"));
        assertThat(db.count("SELECT count(*) FROM operation")).isZero();
    }

    @Test
    void anIdempotencyKeyReplayedWithAnotherRunAtIsRefused() {
        String runAt = Instant.now().plus(Duration.ofHours(2)).toString();
        Map<String, Object> body = Map.of("collection", "c", "text", "keyed", "run_at", runAt);
        String id = as(ACME).header("Idempotency-Key", "k-run-at")
                .body(body)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        as(ACME).header("Idempotency-Key", "k-run-at")
                .body(body)
                .post("/api/v1/ingest/text")
                .then()
                .body("id", equalTo(id));
        as(ACME).header("Idempotency-Key", "k-run-at")
                .body(Map.of(
                        "collection",
                        "c",
                        "text",
                        "keyed",
                        "run_at",
                        Instant.now().plus(Duration.ofHours(3)).toString()))
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(422);
    }

    @Test
    void aLaterSyncHoldsTheTenantLockUntilItRunsOrIsCancelled() {
        SourceFolders folder = SourceFolders.create().write("a.txt", "Alpha.");
        String later = as(ACME).body(Map.of(
                        "collection",
                        "h",
                        "source",
                        folder.source(),
                        "run_at",
                        Instant.now().plus(Duration.ofHours(1)).toString()))
                .post("/api/v1/sync")
                .then()
                .statusCode(202)
                .body("status", equalTo("pending"))
                .extract()
                .path("id");
        as(ACME).get("/api/v1/sync/lock").then().statusCode(200).body("holder.id", equalTo(later));
        as(ACME).body(Map.of("collection", "h", "source", folder.source()))
                .post("/api/v1/sync")
                .then()
                .statusCode(409);
        as(ACME).post("/api/v1/operations/" + later + "/cancel").then().statusCode(200);
        as(ACME).body(Map.of("collection", "h", "source", folder.source()))
                .queryParam("sync", true)
                .post("/api/v1/sync")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"));
    }

    @Test
    void filesAcceptRunAtAsAFormField() {
        String runAt = Instant.now()
                .plus(Duration.ofHours(1))
                .truncatedTo(ChronoUnit.MILLIS)
                .toString();
        as(ACME).contentType("multipart/form-data")
                .multiPart("collection", "c")
                .multiPart("run_at", runAt)
                .multiPart("file", "a.txt", "Alpha".getBytes(), "text/plain")
                .post("/api/v1/ingest/files")
                .then()
                .statusCode(202)
                .body("status", equalTo("pending"))
                .body("run_at", equalTo(Instant.parse(runAt).toString()));
        as(ACME).contentType("multipart/form-data")
                .multiPart("collection", "c")
                .multiPart("run_at", "next week")
                .multiPart("file", "a.txt", "Alpha".getBytes(), "text/plain")
                .post("/api/v1/ingest/files")
                .then()
                .statusCode(400)
                .body(containsString("run_at"));
    }
}

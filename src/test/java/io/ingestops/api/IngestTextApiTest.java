package io.ingestops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.ingestops.config.IngestConfig;
import io.ingestops.ingest.Chunking;
import io.ingestops.testsupport.ApiTest;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IngestTextApiTest extends ApiTest {

    @Inject
    IngestConfig config;

    @Test
    void submittedTextRunsToCompletionAndBecomesSearchable() {
        Response accepted = as(ACME).body(Map.of(
                        "collection", "handbook",
                        "text", "Kubernetes probes restart wedged pods.\n\nPostgreSQL ranks the chunks.",
                        "source_id", "guides/probes.md",
                        "metadata", Map.of("lang", "en")))
                .post("/api/v1/ingest/text");
        accepted.then()
                .statusCode(202)
                .header("Location", startsWith("/api/v1/operations/"))
                .header("Retry-After", notNullValue())
                .body("type", equalTo("ingest_text"))
                .body("status", equalTo("pending"))
                .body("done", equalTo(false))
                .body("tenant_id", equalTo("acme"))
                .body("attempt", equalTo(0))
                .body("priority", equalTo(5));
        String id = accepted.path("id");
        assertThat(accepted.header("Location")).isEqualTo("/api/v1/operations/" + id);

        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        as(ACME).get("/api/v1/operations/" + id).path("status").equals("completed"));
        as(ACME).get("/api/v1/operations/" + id)
                .then()
                .body("done", equalTo(true))
                .body("attempt", equalTo(1))
                .body("worker_id", equalTo("test-main"))
                .body("progress.percentage", equalTo(100.0f))
                .body("progress.total_items", equalTo(1))
                .body("progress.processed_items", equalTo(1))
                .body("result.documents_added", equalTo(1))
                .body("result.chunks_created", equalTo(1))
                .body("result.documents_unchanged", equalTo(0))
                .body("result.failures", hasSize(0))
                .body("completed_at", notNullValue())
                .body("deadline_at", notNullValue())
                .body("expected_duration_seconds", notNullValue());

        as(ACME).get("/api/v1/collections/handbook/search?q=wedged pods")
                .then()
                .statusCode(200)
                .body("results", hasSize(1))
                .body("results[0].source_id", equalTo("guides/probes.md"))
                .body("results[0].chunk_index", equalTo(0))
                .body("results[0].snippet", org.hamcrest.Matchers.containsString("<b>wedged</b>"));
        as(ACME).get("/api/v1/collections/handbook/search?q=giraffes")
                .then()
                .statusCode(200)
                .body("results", hasSize(0));
    }

    @Test
    void searchRanksTheBetterMatchFirst() {
        as(ACME).body(Map.of(
                        "collection",
                        "zoo",
                        "text",
                        "Otters swim. Otters play. Otters sleep holding hands.",
                        "source_id",
                        "otters"))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(200);
        as(ACME).body(Map.of(
                        "collection", "zoo", "text", "The zoo has lions, bears and one otter.", "source_id", "zoo"))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(200);
        as(ACME).get("/api/v1/collections/zoo/search?q=otters&limit=5")
                .then()
                .body("results", hasSize(2))
                .body("results[0].source_id", equalTo("otters"));
    }

    @Test
    void syncTrueWaitsForTheFinishedOperation() {
        as(ACME).body(Map.of("collection", "c", "text", "Wait for me."))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("done", equalTo(true))
                .body("result.documents_added", equalTo(1));
    }

    @Test
    void theSameIdempotencyKeyReturnsTheOriginalOperation() {
        Map<String, Object> body = Map.of("collection", "c", "text", "Exactly once, please.");
        Response first = as(ACME).header("Idempotency-Key", "key-1").body(body).post("/api/v1/ingest/text");
        first.then().statusCode(202);
        as(ACME).header("Idempotency-Key", "key-1")
                .body(body)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(202)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first.path("id")));
        as(ACME).header("Idempotency-Key", "key-1")
                .body(Map.of("collection", "c", "text", "Something else."))
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("idempotency_key_reused"));
        // another tenant may use the same key for its own operation
        as(GLOBEX)
                .header("Idempotency-Key", "key-1")
                .body(body)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(202)
                .body("tenant_id", equalTo("globex"));
        assertThat(db.count("SELECT count(*) FROM operation")).isEqualTo(2);
    }

    @Test
    void sameContentAgainIsUnchangedAndChangedContentReplacesChunks() {
        String text = longText(5);
        ingestSync("kb", "doc-1", text).then().body("result.documents_added", equalTo(1));
        long chunks = db.count("SELECT count(*) FROM chunk");
        ingestSync("kb", "doc-1", text)
                .then()
                .body("result.documents_unchanged", equalTo(1))
                .body("result.chunks_created", equalTo(0));
        assertThat(db.count("SELECT count(*) FROM chunk")).isEqualTo(chunks);

        ingestSync("kb", "doc-1", "A completely different short text.")
                .then()
                .body("result.documents_updated", equalTo(1))
                .body("result.chunks_created", equalTo(1));
        assertThat(db.count("SELECT count(*) FROM chunk")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM document")).isEqualTo(1);
    }

    @Test
    void aReRunOfTheSameOperationAfterACrashDoesNotDuplicateChunks() {
        String id = ingestSync("kb", "doc-1", longText(4)).path("id");
        long chunks = db.count("SELECT count(*) FROM chunk");
        assertThat(chunks).isGreaterThan(1);

        // as if the worker died after writing the document but before recording completion
        db.execute(
                "UPDATE operation SET status = 'pending', changed_by = 'system:test', completed_at = NULL, result = NULL WHERE id = '"
                        + id + "'");
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        as(ACME).get("/api/v1/operations/" + id).path("status").equals("completed"));

        as(ACME).get("/api/v1/operations/" + id)
                .then()
                .body("attempt", equalTo(2))
                .body("result.documents_added", equalTo(1))
                .body("result.documents_unchanged", equalTo(0));
        assertThat(db.count("SELECT count(*) FROM chunk")).isEqualTo(chunks);
        assertThat(db.count("SELECT count(*) FROM document")).isEqualTo(1);
    }

    @Test
    void aRequestedTimeoutFailsTheOperationWithDeadlineExceeded() {
        String id = as(ACME).body(Map.of("collection", "slow", "text", longText(150), "timeout_seconds", 1))
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        as(ACME).get("/api/v1/operations/" + id).path("status").equals("failed"));
        as(ACME).get("/api/v1/operations/" + id)
                .then()
                .body("error.code", equalTo("deadline_exceeded"))
                .body("expected_duration_seconds", equalTo(1))
                .body("result.documents_added", equalTo(0));
        assertThat(db.count("SELECT count(*) FROM chunk")).isZero();
    }

    private io.restassured.response.Response ingestSync(String collection, String sourceId, String text) {
        Response response = as(ACME).body(Map.of("collection", collection, "source_id", sourceId, "text", text))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text");
        response.then().statusCode(200).body("status", equalTo("completed"));
        return response;
    }

    @Test
    void smallAndLargeTextsAreStoredAlikeWhicheverWritePathTheyTake() {
        QuarkusMock.installMockForType(
                new Chunking(config) {
                    @Override
                    public Duration itemDelay() {
                        return Duration.ZERO; // hundreds of chunks: this test is about what is stored
                    }
                },
                Chunking.class);
        // one statement below 64 Ki characters, the streaming path above: same text and chunks either way
        for (int sentences : new int[] {10, 2_000}) {
            String text = "Sentence number %d about replicas and search. "
                    .repeat(sentences)
                    .formatted(java.util.stream.IntStream.range(0, sentences)
                            .boxed()
                            .toArray());
            String sourceId = "paths/" + sentences;
            String id = as(ACME).body(Map.of("collection", "paths", "text", text, "source_id", sourceId))
                    .queryParam("sync", true)
                    .post("/api/v1/ingest/text")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("completed"))
                    .extract()
                    .path("id");
            int chunks = as(ACME).get("/api/v1/operations/" + id).path("result.chunks_created");
            String where = " WHERE d.source_id = '" + sourceId + "' AND d.tenant_id = 'acme'";
            assertThat(db.count("SELECT d.chunk_count FROM document d" + where)).isEqualTo(chunks);
            assertThat(db.count("SELECT count(*) FROM chunk c JOIN document d ON d.id = c.document_id" + where))
                    .isEqualTo(chunks);
            assertThat(db.count("SELECT max(c.chunk_index) + 1 FROM chunk c JOIN document d ON d.id = c.document_id"
                            + where))
                    .isEqualTo(chunks);
            assertThat(db.count("SELECT count(*) FROM document d JOIN document_text t ON t.document_id = d.id" + where
                            + " AND t.content = '" + text + "'"))
                    .as("the whole text, stored as one part")
                    .isEqualTo(1);
            assertThat(text.length() > 64 * 1024).isEqualTo(sentences == 2_000);
        }
    }
}

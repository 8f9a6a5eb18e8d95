package io.ingestops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.ingestops.testsupport.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IngestBatchApiTest extends ApiTest {

    @Test
    void badMessagesAreCountedAsFailuresAndDoNotStopTheOthers() {
        Map<String, Object> withMetadata = new HashMap<>();
        withMetadata.put("id", "m-5");
        withMetadata.put("text", "has bad metadata");
        withMetadata.put("metadata", "not an object");
        List<Object> messages = List.of(
                Map.of("id", "m-1", "text", "Deploys happen on Tuesdays."),
                Map.of("id", "m-2", "text", "   "),
                Map.of("id", "m-3"),
                Map.of("id", "m-4", "text", 42),
                withMetadata,
                Map.of("text", "A message without an id.", "metadata", Map.of("channel", "general")),
                Map.of("id", 7, "text", "x".repeat(200_001)));
        JsonPath op = as(ACME).body(
                        Map.of("collection", "slack", "messages", messages, "metadata", Map.of("export", "2026")))
                .queryParam("sync", true)
                .post("/api/v1/ingest/batch")
                .then()
                .statusCode(200)
                .body("type", equalTo("ingest_batch"))
                .body("status", equalTo("completed"))
                .body("progress.total_items", equalTo(7))
                .body("progress.processed_items", equalTo(7))
                .body("progress.failed_items", equalTo(5))
                .body("result.documents_added", equalTo(2))
                .body("result.documents_failed", equalTo(5))
                .body("result.failures", hasSize(5))
                .body("result.failures.item", hasItem("m-2"))
                .body("result.failures.item", hasItem("m-3"))
                .body("result.failures.item", hasItem("m-4"))
                .body("result.failures.item", hasItem("m-5"))
                .body("result.failures.item", hasItem("7"))
                .extract()
                .jsonPath();
        assertThat(op.getString("result.failures.find { it.item == 'm-2' }.reason"))
                .isEqualTo("text is empty");
        assertThat(op.getString("result.failures.find { it.item == 'm-5' }.reason"))
                .contains("metadata");
        assertThat(op.getString("result.failures.find { it.item == '7' }.reason"))
                .contains("limit");
        as(ACME).get("/api/v1/collections/slack/search?q=tuesdays").then().body("results[0].source_id", equalTo("m-1"));
        assertThat(db.count("SELECT count(*) FROM document WHERE metadata ->> 'export' = '2026'"))
                .isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM document WHERE metadata ->> 'channel' = 'general'"))
                .isEqualTo(1);
    }

    @Test
    void structurallyInvalidBatchesAreRefusedAndCreateNothing() {
        String[] bodies = {
            "{\"collection\": \"c\"}",
            "{\"collection\": \"c\", \"messages\": []}",
            "{\"collection\": \"c\", \"messages\": \"hello\"}",
            "{\"collection\": \"c\", \"messages\": [\"hello\"]}",
            "{\"collection\": \"c\", \"messages\": [null]}",
            "{\"collection\": \"c\", \"messages\": [{\"text\": \"x\"}], \"priority\": 10}",
            "{\"collection\": \"c\", \"messages\": [{\"text\": \"x\"}"
        };
        for (String body : bodies) {
            as(ACME).body(body)
                    .post("/api/v1/ingest/batch")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("invalid_argument"));
        }
        assertThat(db.count("SELECT count(*) FROM operation")).isZero();
    }

    @Test
    void moreMessagesThanTheLimitIs413() {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            messages.add(Map.of("text", "message " + i));
        }
        as(ACME).body(Map.of("collection", "c", "messages", messages))
                .post("/api/v1/ingest/batch")
                .then()
                .statusCode(413)
                .body("code", equalTo("payload_too_large"))
                .body("detail", containsString("limit"));
        assertThat(db.count("SELECT count(*) FROM operation")).isZero();
    }

    @Test
    void reIngestingTheSameBatchChangesNothing() {
        List<Object> messages = List.of(Map.of("id", "a", "text", "alpha"), Map.of("id", "b", "text", "beta"));
        submitBatchSync(messages).then().body("result.documents_added", equalTo(2));
        long chunks = db.count("SELECT count(*) FROM chunk");
        submitBatchSync(messages)
                .then()
                .body("result.documents_unchanged", equalTo(2))
                .body("result.documents_added", equalTo(0))
                .body("result.chunks_created", equalTo(0));
        submitBatchSync(List.of(Map.of("id", "a", "text", "alpha, edited")))
                .then()
                .body("result.documents_updated", equalTo(1));
        assertThat(db.count("SELECT count(*) FROM chunk")).isEqualTo(chunks);
        assertThat(db.count("SELECT count(*) FROM document")).isEqualTo(2);
    }

    @Test
    void cancellingMidBatchLeavesNoHalfWrittenDocument() {
        // 100 messages at 20 ms each take about two seconds; documents are committed in groups, at least twice a second
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            messages.add(Map.of("id", "msg-" + i, "text", longText(3)));
        }
        String id = as(ACME).body(Map.of("collection", "chat", "messages", messages))
                .post("/api/v1/ingest/batch")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Integer processed = as(ACME).get("/api/v1/operations/" + id).path("progress.processed_items");
            return processed != null && processed >= 40;
        });
        as(ACME).post("/api/v1/operations/" + id + "/cancel").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        as(ACME).get("/api/v1/operations/" + id).path("status").equals("cancelled"));

        int added = as(ACME).get("/api/v1/operations/" + id).path("result.documents_added");
        assertThat(added).isBetween(1, 99);
        assertThat(db.count("SELECT count(*) FROM document")).isEqualTo(added);
        // every stored document has exactly the chunks it says it has
        assertThat(db.count("SELECT count(*) FROM document d WHERE d.chunk_count <>"
                        + " (SELECT count(*) FROM chunk c WHERE c.document_id = d.id) OR d.chunk_count = 0"))
                .isZero();
    }

    private io.restassured.response.Response submitBatchSync(List<Object> messages) {
        io.restassured.response.Response response = as(ACME).body(Map.of("collection", "c", "messages", messages))
                .queryParam("sync", true)
                .post("/api/v1/ingest/batch");
        response.then().statusCode(200).body("status", equalTo("completed"));
        return response;
    }
}

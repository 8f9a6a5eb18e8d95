package io.ingestops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.ingestops.testsupport.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CollectionsApiTest extends ApiTest {

    private void ingest(String collection, String sourceId, String text) {
        as(ACME).body(Map.of("collection", collection, "source_id", sourceId, "text", text))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"));
    }

    private void seed(String collection, int documents) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < documents; i++) {
            messages.add(Map.of(
                    "id",
                    String.format("doc-%03d", i),
                    "text",
                    "Document " + i + " about compasses.\n\n" + longText(2)));
        }
        as(ACME).body(Map.of("collection", collection, "messages", messages))
                .queryParam("sync", true)
                .post("/api/v1/ingest/batch")
                .then()
                .statusCode(200)
                .body("result.documents_added", equalTo(documents));
    }

    @Test
    void collectionsAndTheirDocumentsAreListedPageByPage() {
        seed("atlas", 5);
        ingest("zines", "z-1", "A zine.");
        as(ACME).get("/api/v1/collections")
                .then()
                .statusCode(200)
                .body("collections", hasSize(2))
                .body("collections[0].name", equalTo("atlas"))
                .body("collections[0].documents", equalTo(5))
                .body("collections[0].chunks", notNullValue())
                .body("collections[0].updated_at", notNullValue())
                .body("collections[1].name", equalTo("zines"));

        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            var request = as(ACME).queryParam("limit", 2);
            if (token != null) {
                request.queryParam("page_token", token);
            }
            var page = request.get("/api/v1/collections/atlas/documents")
                    .then()
                    .statusCode(200)
                    .extract();
            seen.addAll(page.path("documents.source_id"));
            token = page.path("next_page_token");
        } while (token != null);
        assertThat(seen).containsExactly("doc-000", "doc-001", "doc-002", "doc-003", "doc-004");
        as(ACME).get("/api/v1/collections/atlas/documents?limit=10")
                .then()
                .body("documents[0].content_hash", notNullValue())
                .body("documents[0].chunks", notNullValue())
                .body("next_page_token", nullValue());
    }

    @Test
    void anotherTenantsCollectionDoesNotExistForTheCaller() {
        seed("private", 1);
        as(GLOBEX).get("/api/v1/collections").then().body("collections", hasSize(0));
        as(GLOBEX)
                .get("/api/v1/collections/private/documents")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        as(GLOBEX).get("/api/v1/collections/private/search?q=compasses").then().statusCode(404);
        as(GLOBEX).post("/api/v1/collections/private/reindex").then().statusCode(404);
        as(GLOBEX)
                .body(Map.of("source_id", "doc-000"))
                .post("/api/v1/collections/private/remove-source")
                .then()
                .statusCode(404);
        as(GLOBEX).delete("/api/v1/collections/private").then().statusCode(404);
        assertThat(db.count("SELECT count(*) FROM document")).isEqualTo(1);
    }

    @Test
    void removeSourceDeletesOneDocumentAndItsChunks() {
        seed("atlas", 3);
        as(ACME).body(Map.of("source_id", "nope"))
                .post("/api/v1/collections/atlas/remove-source")
                .then()
                .statusCode(404);
        as(ACME).body(Map.of("source_id", "doc-001"))
                .queryParam("sync", true)
                .post("/api/v1/collections/atlas/remove-source")
                .then()
                .statusCode(200)
                .body("type", equalTo("remove_source"))
                .body("result.documents_removed", equalTo(1));
        assertThat(db.count("SELECT count(*) FROM document")).isEqualTo(2);
        assertThat(db.count(
                        "SELECT count(*) FROM chunk c LEFT JOIN document d ON d.id = c.document_id WHERE d.id IS NULL"))
                .isZero();
    }

    @Test
    void deleteCollectionRemovesEveryDocument() {
        seed("atlas", 4);
        ingest("other", "o", "stays");
        as(ACME).queryParam("sync", true)
                .delete("/api/v1/collections/atlas")
                .then()
                .statusCode(200)
                .body("type", equalTo("delete_collection"))
                .body("result.documents_removed", equalTo(4))
                .body("progress.total_items", equalTo(4));
        as(ACME).get("/api/v1/collections/atlas/documents").then().statusCode(404);
        assertThat(db.count("SELECT count(*) FROM document")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM chunk WHERE collection = 'atlas'"))
                .isZero();
    }

    @Test
    void reindexRechunksEveryDocumentWhileSearchKeepsAnswering() throws Exception {
        seed("atlas", 20);
        db.execute("UPDATE chunk SET content = content"); // nothing changes until reindex runs
        long before = db.count("SELECT count(*) FROM chunk");
        // shrink the stored chunks to one per document, as if they had been cut with other settings
        db.execute("DELETE FROM chunk WHERE chunk_index > 0");
        db.execute("UPDATE document SET chunk_count = 1");

        AtomicBoolean reindexing = new AtomicBoolean(true);
        AtomicInteger searches = new AtomicInteger();
        AtomicInteger emptyAnswers = new AtomicInteger();
        Thread searcher = new Thread(() -> {
            while (reindexing.get()) {
                int results = as(ACME).get("/api/v1/collections/atlas/search?q=compasses&limit=100")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("results.size()");
                searches.incrementAndGet();
                if (results < 20) {
                    emptyAnswers.incrementAndGet();
                }
            }
        });
        searcher.start();
        String id = as(ACME).post("/api/v1/collections/atlas/reindex")
                .then()
                .statusCode(202)
                .body("type", equalTo("reindex"))
                .extract()
                .path("id");
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        as(ACME).get("/api/v1/operations/" + id).path("status").equals("completed"));
        reindexing.set(false);
        searcher.join();

        as(ACME).get("/api/v1/operations/" + id)
                .then()
                .body("result.documents_updated", equalTo(20))
                .body("progress.total_items", equalTo(20));
        assertThat(db.count("SELECT count(*) FROM chunk")).isEqualTo(before);
        assertThat(db.count("SELECT count(*) FROM document d WHERE d.chunk_count <>"
                        + " (SELECT count(*) FROM chunk c WHERE c.document_id = d.id)"))
                .isZero();
        assertThat(searches.get()).isPositive();
        // every search during the swap found every document: old chunks until the new ones were committed
        assertThat(emptyAnswers.get()).isZero();
    }
}

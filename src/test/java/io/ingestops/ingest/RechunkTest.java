package io.ingestops.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestops.operation.OperationType;
import io.ingestops.testsupport.ApiTest;
import io.ingestops.worker.JobContext;
import io.ingestops.worker.OperationHandler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RechunkTest extends ApiTest {

    @Inject
    DocumentStore documents;

    /**
     * A reindex re-chunks a document as it listed it: if an ingest wrote new content between the
     * listing and the re-chunk, the re-chunk leaves it alone (its chunks are already the new
     * content's), instead of cutting old content's chunks over it.
     */
    @Test
    void aDocumentWrittenAnewAfterItWasListedIsNotRechunked() {
        as(ACME).body(Map.of("collection", "re", "text", longText(6), "source_id", "doc"))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(200);
        long firstChunkBefore = db.count("SELECT min(id) FROM chunk WHERE collection = 're'");
        nodes.pauseApplicationNode();
        AtomicReference<Optional<Integer>> answer = new AtomicReference<>();
        nodes.start("reindexer", new OperationHandler() {
            @Override
            public OperationType type() {
                return OperationType.INGEST_TEXT;
            }

            @Override
            public Object run(JobContext context) {
                List<DocumentStore.StoredDocument> listed = documents.page("acme", "re", "", 10);
                // meanwhile an ingest replaced the document's content
                db.execute("UPDATE document SET content_hash = 'written-since' WHERE source_id = 'doc'");
                answer.set(documents.rechunk(context, listed.get(0)));
                return Map.of();
            }
        });
        UUID id = fixtures.anOperation().collection("re").insert();
        await().atMost(Duration.ofSeconds(10)).until(() -> answer.get() != null);
        assertThat(answer.get()).isEmpty();
        assertThat(db.count("SELECT min(id) FROM chunk WHERE collection = 're'"))
                .as("the chunks were not deleted and cut again")
                .isEqualTo(firstChunkBefore);
        assertThat(id).isNotNull();
    }
}

package io.ingestops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.SourceFolders;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code remove-source} with {@code {"source"}}: every document that sync source created (issue 13, item 6). */
@QuarkusTest
class RemoveSyncSourceApiTest extends ApiTest {

    private static void sync(String collection, SourceFolders folder) {
        as(ACME).body(Map.of("collection", collection, "source", folder.source()))
                .queryParam("sync", true)
                .post("/api/v1/sync")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"));
    }

    private long documents(String collection) {
        return db.count("SELECT count(*) FROM document WHERE tenant_id = 'acme' AND collection = '" + collection + "'");
    }

    @Test
    void removesEveryDocumentTheSourceCreatedAndNothingElse() {
        nodes.startReplica("second-replica");
        SourceFolders a = SourceFolders.create()
                .write("one.txt", "One.")
                .write("two.md", "# Two")
                .write("deep/three.txt", "Three.");
        SourceFolders b = SourceFolders.create().write("other.txt", "Other.");
        sync("h", a);
        sync("h", b);
        // a document ingested by hand whose source id merely looks like one of the folder's
        as(ACME).body(Map.of("collection", "h", "text", "By hand.", "source_id", a.source() + "/manual.txt"))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(200);
        assertThat(documents("h")).isEqualTo(5);

        as(ACME).body(Map.of("source", a.source()))
                .queryParam("sync", true)
                .post("/api/v1/collections/h/remove-source")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("result.documents_removed", equalTo(3))
                .body("progress.total_items", equalTo(3))
                .body("input.source", equalTo(a.source()));
        assertThat(documents("h")).isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM document WHERE source_id = '" + a.source() + "/manual.txt'"))
                .isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM chunk c JOIN document d ON d.id = c.document_id"
                        + " WHERE d.source_id LIKE '" + a.source() + "/%' AND d.sync_source IS NOT NULL"))
                .isZero();
    }

    @Test
    void aFolderAlreadyDeletedOnDiskCanStillBeRemoved() {
        SourceFolders a = SourceFolders.create().write("one.txt", "One.").write("two.txt", "Two.");
        sync("h", a);
        a.delete("one.txt").delete("two.txt");
        a.path("").toFile().delete();
        as(ACME).body(Map.of("source", a.source()))
                .queryParam("sync", true)
                .post("/api/v1/collections/h/remove-source")
                .then()
                .statusCode(200)
                .body("result.documents_removed", equalTo(2));
        assertThat(documents("h")).isZero();
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() {
        SourceFolders a = SourceFolders.create().write("one.txt", "One.");
        sync("h", a);
        as(ACME).body(Map.of())
                .post("/api/v1/collections/h/remove-source")
                .then()
                .statusCode(400);
        as(ACME).body(Map.of("source", a.source(), "source_id", a.source() + "/one.txt"))
                .post("/api/v1/collections/h/remove-source")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_argument"));
        as(ACME).body(Map.of("source", "../etc"))
                .post("/api/v1/collections/h/remove-source")
                .then()
                .statusCode(400);
        as(ACME).body(Map.of("source", "never-synced"))
                .post("/api/v1/collections/h/remove-source")
                .then()
                .statusCode(404);
        as(GLOBEX)
                .body(Map.of("source", a.source()))
                .post("/api/v1/collections/h/remove-source")
                .then()
                .statusCode(404);
        assertThat(documents("h")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM operation WHERE type = 'remove_source'"))
                .isZero();
    }

    @Test
    void removingASourceTakesTheTenantLockAndRemovingOneDocumentDoesNot() {
        SourceFolders a = SourceFolders.create().write("one.txt", "One.").write("two.txt", "Two.");
        sync("h", a);
        String waiting = as(ACME).body(Map.of(
                        "collection",
                        "h",
                        "source",
                        a.source(),
                        "run_at",
                        Instant.now().plus(Duration.ofHours(1)).toString()))
                .post("/api/v1/sync")
                .then()
                .statusCode(202)
                .extract()
                .path("id");

        as(ACME).body(Map.of("source", a.source()))
                .post("/api/v1/collections/h/remove-source")
                .then()
                .statusCode(409)
                .body("code", equalTo("sync_in_progress"));
        as(ACME).body(Map.of("source_id", a.source() + "/one.txt"))
                .queryParam("sync", true)
                .post("/api/v1/collections/h/remove-source")
                .then()
                .statusCode(200)
                .body("result.documents_removed", equalTo(1));

        as(ACME).post("/api/v1/operations/" + waiting + "/cancel").then().statusCode(200);
        nodes.pauseApplicationNode(); // so the removal stays pending while we look
        String removal = as(ACME).body(Map.of("source", a.source()))
                .post("/api/v1/collections/h/remove-source")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        as(ACME).get("/api/v1/sync/lock").then().body("holder.id", equalTo(removal));
        as(ACME).body(Map.of("collection", "h", "source", a.source()))
                .post("/api/v1/sync")
                .then()
                .statusCode(409)
                .body("code", equalTo("sync_in_progress"));
        nodes.resumeApplicationNode();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "completed"
                .equals(as(ACME).get("/api/v1/operations/" + removal).path("status")));
        assertThat(documents("h")).isZero();
        as(ACME).get("/api/v1/sync/lock").then().body("holder", org.hamcrest.Matchers.nullValue());
    }
}

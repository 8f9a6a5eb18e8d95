package io.ingestops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.SampleFiles;
import io.ingestops.testsupport.SourceFolders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SyncApiTest extends ApiTest {

    private static JsonPath syncNow(String token, String collection, String source) {
        return as(token)
                .body(Map.of("collection", collection, "source", source))
                .queryParam("sync", true)
                .post("/api/v1/sync")
                .then()
                .statusCode(200)
                .body("type", equalTo("sync"))
                .body("status", equalTo("completed"))
                .extract()
                .jsonPath();
    }

    @Test
    void detectsAddedModifiedDeletedRenamedUnchangedAndUnreadableFiles() {
        SourceFolders folder = SourceFolders.create()
                .write("a.txt", "Alpha talks about anchors.")
                .write("docs/b.md", "# Bravo\n\nBravo talks about buoys.")
                .write("docs/c.html", SampleFiles.html("compasses"))
                .write("d.pdf", SampleFiles.pdf("dolphins", "driftwood"))
                .write("bad.pdf", "%PDF-1.4 truncated nonsense")
                .write("bad.txt", new byte[] {(byte) 0xC3, (byte) 0x28, 'x'})
                .write("image.png", new byte[] {1, 2, 3})
                .mkdir("empty/nested");
        folder.symlink("link.txt", folder.path("a.txt"));

        JsonPath first = syncNow(ACME, "handbook", folder.source());
        assertThat(first.getInt("result.documents_added")).isEqualTo(4);
        assertThat(first.getInt("result.documents_failed")).isEqualTo(3);
        assertThat(first.getInt("progress.total_items")).isEqualTo(6);
        assertThat(first.getInt("progress.processed_items")).isEqualTo(6);
        assertThat(first.getInt("progress.failed_items")).isEqualTo(2);
        assertThat(first.getString("progress.stage")).isEqualTo("finalizing");
        assertThat(first.getList("result.failures.item"))
                .contains(folder.source() + "/bad.pdf", folder.source() + "/bad.txt", folder.source() + "/link.txt");
        as(ACME).get("/api/v1/collections/handbook/search?q=dolphins")
                .then()
                .body("results[0].source_id", equalTo(folder.source() + "/d.pdf"));

        folder.write("a.txt", "Alpha now talks about avalanches.")
                .delete("docs/b.md")
                .move("docs/c.html", "docs/c2.html")
                .touch("d.pdf", Instant.now().plusSeconds(60))
                .delete("bad.pdf")
                .delete("bad.txt");
        JsonPath second = syncNow(ACME, "handbook", folder.source());
        assertThat(second.getInt("result.documents_added")).as("renamed file").isEqualTo(1);
        assertThat(second.getInt("result.documents_updated"))
                .as("modified file")
                .isEqualTo(1);
        assertThat(second.getInt("result.documents_removed"))
                .as("deleted and renamed-away")
                .isEqualTo(2);
        assertThat(second.getInt("result.documents_unchanged"))
                .as("touched but same content")
                .isEqualTo(1);
        assertThat(second.getInt("progress.total_items")).isEqualTo(2);

        as(ACME).get("/api/v1/collections/handbook/search?q=avalanches").then().body("results", hasSize(1));
        as(ACME).get("/api/v1/collections/handbook/search?q=anchors").then().body("results", hasSize(0));
        as(ACME).get("/api/v1/collections/handbook/search?q=buoys").then().body("results", hasSize(0));
        as(ACME).get("/api/v1/collections/handbook/search?q=compasses")
                .then()
                .body("results[0].source_id", equalTo(folder.source() + "/docs/c2.html"));
        assertThat(db.count("SELECT count(*) FROM document")).isEqualTo(3);

        JsonPath third = syncNow(ACME, "handbook", folder.source());
        assertThat(third.getInt("result.documents_unchanged")).isEqualTo(3);
        assertThat(third.getInt("progress.total_items")).isZero();
    }

    @Test
    void aFileWithTheSameSizeAndModificationTimeIsNotReadAgain() throws Exception {
        SourceFolders folder = SourceFolders.create().write("a.txt", "original words");
        syncNow(ACME, "skip", folder.source());
        Instant modified =
                java.nio.file.Files.getLastModifiedTime(folder.path("a.txt")).toInstant();
        // same length, other bytes, modification time put back: only reading the file could tell
        folder.write("a.txt", "replaced words").touch("a.txt", modified);
        JsonPath resync = syncNow(ACME, "skip", folder.source());
        assertThat(resync.getInt("result.documents_unchanged")).isEqualTo(1);
        assertThat(resync.getInt("progress.total_items")).isZero();
        as(ACME).get("/api/v1/collections/skip/search?q=original").then().body("results", hasSize(1));
        // a new modification time makes the sync look, and the new content is found
        folder.touch("a.txt", modified.plusSeconds(5));
        assertThat(syncNow(ACME, "skip", folder.source()).getInt("result.documents_updated"))
                .isEqualTo(1);
        as(ACME).get("/api/v1/collections/skip/search?q=replaced").then().body("results", hasSize(1));
    }

    @Test
    void aSyncLeavesDocumentsFromOtherSourcesAndIngestsAlone() {
        SourceFolders one = SourceFolders.create().write("x.txt", "from folder one");
        SourceFolders two = SourceFolders.create().write("x.txt", "from folder two");
        as(ACME).body(Map.of("collection", "mixed", "text", "typed in by hand", "source_id", "manual"))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(200);
        syncNow(ACME, "mixed", one.source());
        syncNow(ACME, "mixed", two.source());
        one.delete("x.txt");
        syncNow(ACME, "mixed", one.source()).getInt("result.documents_removed");
        assertThat(db.count("SELECT count(*) FROM document")).isEqualTo(2);
    }

    @Test
    void sourcesThatEscapeTheRootAreRefusedBeforeAnythingIsRead() {
        SourceFolders folder = SourceFolders.create().write("a.txt", "inside");
        folder.symlink("out", Path.of("/etc"));
        String[] escapes = {
            "..",
            "../",
            "../etc",
            folder.source() + "/../../..",
            "/etc",
            "/",
            "C:\\Windows",
            folder.source() + "/out",
            "a\u0000b",
            "x".repeat(300),
            "does-not-exist",
            folder.source() + "/a.txt",
            "",
            "  "
        };
        for (String source : escapes) {
            as(ACME).body(Map.of("collection", "c", "source", source))
                    .post("/api/v1/sync")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("invalid_argument"))
                    .body("errors.field", hasItem("source"));
        }
        as(ACME).body("{\"collection\": \"c\"}").post("/api/v1/sync").then().statusCode(400);
        assertThat(db.count("SELECT count(*) FROM operation")).isZero();
        assertThat(db.count("SELECT count(*) FROM sync_lock")).isZero();
    }

    @Test
    void syncStatusShowsTheLatestSyncWithItsFileCounts() {
        SourceFolders folder = SourceFolders.create().write("a.txt", "one").write("b.txt", "two");
        as(ACME).get("/api/v1/sync/status?collection=status").then().statusCode(404);
        syncNow(ACME, "status", folder.source());
        as(ACME).get("/api/v1/sync/status?collection=status")
                .then()
                .statusCode(200)
                .body("type", equalTo("sync"))
                .body("status", equalTo("completed"))
                .body("heartbeat_at", notNullValue())
                .body("progress.stage", equalTo("finalizing"))
                .body("files.processed", equalTo(2))
                .body("files.pending", equalTo(0))
                .body("files.failed", equalTo(0));
        as(GLOBEX).get("/api/v1/sync/status?collection=status").then().statusCode(404);
    }

    @Test
    void cancellingMidProcessingLeavesEveryFileOldOrNewAndFreesTheLock() {
        SourceFolders folder = SourceFolders.create();
        for (int i = 0; i < 60; i++) {
            folder.write(String.format("f%02d.txt", i), "version one of file " + i);
        }
        syncNow(ACME, "cancel", folder.source());
        for (int i = 0; i < 60; i++) {
            folder.write(String.format("f%02d.txt", i), "version two of file " + i + " with more words");
        }
        // 60 files at 20 ms each: about a second of processing_files
        String id = as(ACME).body(Map.of("collection", "cancel", "source", folder.source()))
                .post("/api/v1/sync")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonPath op =
                    as(ACME).get("/api/v1/operations/" + id).then().extract().jsonPath();
            return "processing_files".equals(op.getString("progress.stage"))
                    && op.getInt("progress.processed_items") >= 30;
        });
        as(ACME).post("/api/v1/operations/" + id + "/cancel").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        as(ACME).get("/api/v1/operations/" + id).path("status").equals("cancelled"));

        assertThat(db.count("SELECT count(*) FROM document WHERE collection = 'cancel'"))
                .isEqualTo(60);
        long newer = db.count("SELECT count(*) FROM document_text WHERE seq = 0 AND content LIKE 'version two%'");
        long older = db.count("SELECT count(*) FROM document_text WHERE seq = 0 AND content LIKE 'version one%'");
        assertThat(newer + older).isEqualTo(60);
        assertThat(newer).isBetween(1L, 59L);
        // chunks match their document's version
        assertThat(db.count("SELECT count(*) FROM chunk c JOIN document_text t ON t.document_id = c.document_id"
                        + " AND t.seq = 0 WHERE left(c.content, 11) <> left(t.content, 11)"))
                .isZero();
        assertThat(db.count("SELECT count(*) FROM sync_lock")).isZero();
        as(ACME).body(Map.of("collection", "cancel", "source", folder.source()))
                .post("/api/v1/sync")
                .then()
                .statusCode(202);
    }

    @Test
    void aSyncWhileReindexOrDeleteIsActiveIsRefusedAndViceVersa() {
        SourceFolders folder = SourceFolders.create().write("a.txt", "hello");
        syncNow(ACME, "locked", folder.source());
        nodes.pauseApplicationNode();
        String reindex = as(ACME).post("/api/v1/collections/locked/reindex")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        as(ACME).body(Map.of("collection", "locked", "source", folder.source()))
                .post("/api/v1/sync")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("sync_in_progress"))
                .body("active_operation.id", equalTo(reindex))
                .body("active_operation.type", equalTo("reindex"));
        as(ACME).delete("/api/v1/collections/locked")
                .then()
                .statusCode(409)
                .body("active_operation.id", equalTo(reindex));
        as(ACME).post("/api/v1/operations/" + reindex + "/cancel").then().statusCode(200);
        // cancelling the holder released the lock at once
        as(ACME).body(Map.of("collection", "locked", "source", folder.source()))
                .post("/api/v1/sync")
                .then()
                .statusCode(202);
        nodes.resumeApplicationNode();
    }

    @Test
    void aSyncSourceThatVanishedBeforeItRanFailsClearly() {
        nodes.pauseApplicationNode();
        SourceFolders folder = SourceFolders.create().write("a.txt", "soon gone");
        String id = as(ACME).body(Map.of("collection", "gone", "source", folder.source()))
                .post("/api/v1/sync")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        folder.delete("a.txt");
        try {
            java.nio.file.Files.delete(SourceFolders.ROOT.resolve(folder.source()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        nodes.resumeApplicationNode();
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        as(ACME).get("/api/v1/operations/" + id).path("status").equals("failed"));
        as(ACME).get("/api/v1/operations/" + id)
                .then()
                .body("error.code", equalTo("source_unavailable"))
                .body("error.message", containsString("does not exist"));
        assertThat(db.count("SELECT count(*) FROM sync_lock")).isZero();
    }
}

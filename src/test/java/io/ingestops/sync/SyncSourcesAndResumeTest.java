package io.ingestops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.SourceFolders;
import io.ingestops.worker.WorkerNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SyncSourcesAndResumeTest extends ApiTest {

    @Inject
    SyncHandler syncHandler;

    /**
     * DESIGN §6 "Resumed work counts as one operation": a sync handed back after storing part of a
     * folder reports those documents as its own additions, chunks included, when it is resumed.
     */
    @Test
    void aResumedFirstSyncCountsEveryFileItStoredAsAdded() {
        nodes.pauseApplicationNode();
        SourceFolders folder = SourceFolders.create();
        for (int i = 0; i < 40; i++) {
            folder.write(String.format("f%02d.txt", i), "File " + i + " of a folder synced across two workers.");
        }
        WorkerNode first = nodes.start("first", syncHandler);
        String id = as(ACME).body(Map.of("collection", "resume", "source", folder.source()))
                .post("/api/v1/sync")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        // documents are committed in groups (half a second of work each): wait for a stored part
        await().atMost(Duration.ofSeconds(20))
                .until(() -> db.count("SELECT count(*) FROM document WHERE collection = 'resume'") >= 15);
        first.shutdown(); // hands the sync back mid-folder
        long storedBefore = db.count("SELECT count(*) FROM document WHERE collection = 'resume'");
        assertThat(storedBefore).isBetween(15L, 39L);
        assertThat(as(ACME).get("/api/v1/operations/" + id).<String>path("status"))
                .isEqualTo("pending");

        nodes.start("second", syncHandler);
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        as(ACME).get("/api/v1/operations/" + id).path("status").equals("completed"));
        JsonPath done =
                as(ACME).get("/api/v1/operations/" + id).then().extract().jsonPath();
        assertThat(done.getInt("attempt")).isEqualTo(1);
        assertThat(done.getInt("result.documents_added")).isEqualTo(40);
        assertThat(done.getInt("result.documents_unchanged")).isZero();
        assertThat((long) done.getInt("result.chunks_created"))
                .isEqualTo(db.count("SELECT count(*) FROM chunk WHERE collection = 'resume'"));
    }

    /** Two names of one folder are one source: a nested source and a symlinked one find the same documents. */
    @Test
    void aFolderNamedTwoWaysIsOneSource() {
        SourceFolders outer = SourceFolders.create()
                .write("top.txt", "top level file")
                .write("sub/a.txt", "nested file a")
                .write("sub/b.txt", "nested file b");
        syncNow(outer.source()).then().body("result.documents_added", equalTo(3));

        syncNow(outer.source() + "/sub")
                .then()
                .body("result.documents_added", equalTo(0))
                .body("result.documents_unchanged", equalTo(2));

        String link = "link-" + outer.source();
        SourceFolders.linkAtRoot(link, outer.path("sub"));
        syncNow(link).then().body("result.documents_added", equalTo(0)).body("result.documents_unchanged", equalTo(2));
        assertThat(db.count("SELECT count(*) FROM document WHERE collection = 'named'"))
                .isEqualTo(3);

        // a file deleted from the nested folder is removed by a sync of either name, once
        outer.delete("sub/a.txt");
        syncNow(link).then().body("result.documents_removed", equalTo(1));
        syncNow(outer.source()).then().body("result.documents_removed", equalTo(0));
        assertThat(db.count("SELECT count(*) FROM document WHERE collection = 'named'"))
                .isEqualTo(2);
    }

    private static io.restassured.response.Response syncNow(String source) {
        return as(ACME).body(Map.of("collection", "named", "source", source))
                .queryParam("sync", true)
                .post("/api/v1/sync");
    }
}

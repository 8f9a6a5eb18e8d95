package io.ingestops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.SourceFolders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Every way to create a lock-taking operation goes through the tenant lock: a retry is decided
 * exactly like a new submission (DESIGN §6, "One lock-taking path").
 */
@QuarkusTest
class TenantLockPathsTest extends ApiTest {

    @Inject
    SyncHandler syncHandler;

    @Test
    void tenParallelRetriesOfOneCancelledSyncStartExactlyOneAcrossTwoNodes() throws Exception {
        nodes.start("second-node", syncHandler);
        SourceFolders folder = SourceFolders.create();
        for (int i = 0; i < 40; i++) {
            folder.write("f" + i + ".txt", "file " + i); // 40 files at 20 ms: the retried sync runs a while
        }
        String first = submitSync(folder, 202);
        cancel(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(first).equals("cancelled"));

        ExecutorService threads = Executors.newFixedThreadPool(10);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return as(ACME).post("/api/v1/operations/" + first + "/retry");
                }));
            }
            start.countDown();
            List<String> accepted = new ArrayList<>();
            List<String> named = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                if (response.statusCode() == 202) {
                    accepted.add(response.path("id"));
                } else {
                    assertThat(response.statusCode()).isEqualTo(409);
                    assertThat(response.<String>path("code")).isEqualTo("sync_in_progress");
                    named.add(response.path("active_operation.id"));
                }
            }
            assertThat(accepted).hasSize(1);
            assertThat(named).hasSize(9).containsOnly(accepted.get(0));
            assertThat(db.count(
                            "SELECT count(*) FROM operation WHERE type = 'sync' AND status IN ('pending', 'running')"))
                    .isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM sync_lock WHERE holder_operation_id = '" + accepted.get(0) + "'"))
                    .isEqualTo(1);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> status(accepted.get(0)).equals("completed"));
            assertThat(db.count("SELECT count(*) FROM sync_lock")).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aRetryWhileTheLockIsHeldIsRefusedLikeANewSubmission() {
        nodes.pauseApplicationNode(); // submissions stay pending: pending holds the lock too
        SourceFolders folder = SourceFolders.create().write("a.txt", "held");
        String cancelled = submitSync(folder, 202);
        cancel(cancelled);
        String holder = submitSync(folder, 202);

        as(ACME).post("/api/v1/operations/" + cancelled + "/retry")
                .then()
                .statusCode(409)
                .body("code", equalTo("sync_in_progress"))
                .body("active_operation.id", equalTo(holder));
        assertThat(db.count("SELECT count(*) FROM operation WHERE retry_of IS NOT NULL"))
                .isZero();
    }

    @Test
    void aRetryOfACancelledReindexWhileASyncIsActiveIsRefused() {
        as(ACME).body(Map.of("collection", "books", "text", "A document to reindex."))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(200);
        nodes.pauseApplicationNode();
        String reindex = as(ACME).post("/api/v1/collections/books/reindex")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        cancel(reindex);
        String sync = submitSync(SourceFolders.create().write("b.txt", "sync"), 202);

        as(ACME).post("/api/v1/operations/" + reindex + "/retry")
                .then()
                .statusCode(409)
                .body("active_operation.id", equalTo(sync));
        cancel(sync);
        as(ACME).post("/api/v1/operations/" + reindex + "/retry")
                .then()
                .statusCode(202)
                .body("type", equalTo("reindex"))
                .body("retry_of", equalTo(reindex));
        assertThat(db.count("SELECT count(*) FROM sync_lock")).isEqualTo(1);
    }

    private static String submitSync(SourceFolders folder, int expectedStatus) {
        return as(ACME).body(Map.of("collection", "locked", "source", folder.source()))
                .post("/api/v1/sync")
                .then()
                .statusCode(expectedStatus)
                .extract()
                .path("id");
    }

    private static void cancel(String id) {
        as(ACME).post("/api/v1/operations/" + id + "/cancel").then().statusCode(200);
    }

    private static String status(String id) {
        return as(ACME).get("/api/v1/operations/" + id).path("status");
    }
}

package io.ingestops.sync;

import static io.ingestops.testsupport.OperationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.ingestops.config.IngestConfig;
import io.ingestops.ingest.Chunking;
import io.ingestops.operation.OperationRepository;
import io.ingestops.operation.OperationStatus;
import io.ingestops.operation.ProgressSnapshot;
import io.ingestops.reaper.ReaperScheduler;
import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.SourceFolders;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SyncConcurrencyTest extends ApiTest {

    @Inject
    SyncHandler syncHandler;

    @Inject
    OperationRepository repository;

    @Inject
    ReaperScheduler reapers;

    @Inject
    IngestConfig config;

    @Test
    void twentyConcurrentRequestsThroughTwoDispatchersStartExactlyOneSync() throws Exception {
        nodes.start("second-dispatcher", syncHandler);
        SourceFolders folder = SourceFolders.create();
        for (int i = 0; i < 100; i++) {
            folder.write("f" + i + ".txt", "file number " + i); // 100 files at 20 ms: the winner runs for seconds
        }
        SourceFolders other = SourceFolders.create().write("x.txt", "another tenant's file");
        ExecutorService threads = Executors.newFixedThreadPool(21);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> acme = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                acme.add(threads.submit(() -> {
                    start.await();
                    return as(ACME).body(Map.of("collection", "race", "source", folder.source()))
                            .post("/api/v1/sync");
                }));
            }
            Future<Response> globex = threads.submit(() -> {
                start.await();
                return as(GLOBEX)
                        .body(Map.of("collection", "race", "source", other.source()))
                        .post("/api/v1/sync");
            });
            start.countDown();

            List<String> accepted = new ArrayList<>();
            List<String> activeIds = new ArrayList<>();
            for (Future<Response> future : acme) {
                Response response = future.get();
                if (response.statusCode() == 202) {
                    accepted.add(response.path("id"));
                } else {
                    assertThat(response.statusCode()).isEqualTo(409);
                    assertThat(response.<String>path("code")).isEqualTo("sync_in_progress");
                    activeIds.add(response.path("active_operation.id"));
                }
            }
            assertThat(accepted).hasSize(1);
            assertThat(activeIds).hasSize(19).containsOnly(accepted.get(0));
            assertThat(globex.get().statusCode())
                    .as("other tenants are not blocked")
                    .isEqualTo(202);
            assertThat(db.count("SELECT count(*) FROM operation WHERE tenant_id = 'acme' AND type = 'sync'"))
                    .isEqualTo(1);

            String winner = accepted.get(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> as(ACME).get("/api/v1/operations/" + winner)
                    .path("status")
                    .equals("completed"));
            as(ACME).get("/api/v1/operations/" + winner).then().body("result.documents_added", equalTo(100));
            assertThat(db.count("SELECT count(*) FROM sync_lock")).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aHolderWhoseHeartbeatStoppedIsTakenOverAndItsLateWritesAreRefused() {
        reapers.pause(); // the takeover, not the reaper, must be what moves the stuck sync
        try {
            SourceFolders folder = SourceFolders.create().write("a.txt", "taken over");
            UUID stuck = fixtures.anOperation()
                    .running("frozen-pod")
                    .heartbeatAgo(Duration.ofMinutes(10))
                    .insert();
            db.execute("UPDATE operation SET type = 'sync', collection = 'race' WHERE id = '" + stuck + "'");
            db.execute("INSERT INTO sync_lock (tenant_id, holder_operation_id) VALUES ('acme', '" + stuck + "')");

            String successor = as(ACME).body(Map.of("collection", "race", "source", folder.source()))
                    .post("/api/v1/sync")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");

            assertThat(db.operation(stuck)).hasStatus(OperationStatus.FAILED).hasErrorCode("superseded");
            long staleToken = db.operation(stuck).claimToken;
            assertThat(repository.writeProgress(
                            stuck, staleToken, new ProgressSnapshot("processing_files", 50, 2, 1, 0, "a.txt")))
                    .isFalse();
            assertThat(repository.complete(stuck, staleToken, "{}", null)).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> as(ACME).get("/api/v1/operations/" + successor)
                    .path("status")
                    .equals("completed"));
            assertThat(db.operation(stuck)).hasStatus(OperationStatus.FAILED).hasErrorCode("superseded");
        } finally {
            reapers.resume();
        }
    }

    @Test
    void aLiveHolderIsNotTakenOver() {
        reapers.pause();
        try {
            SourceFolders folder = SourceFolders.create().write("a.txt", "x");
            UUID alive = fixtures.anOperation()
                    .running("busy-pod")
                    .heartbeatAgo(Duration.ofMillis(100))
                    .insert();
            db.execute("UPDATE operation SET type = 'sync' WHERE id = '" + alive + "'");
            db.execute("INSERT INTO sync_lock (tenant_id, holder_operation_id) VALUES ('acme', '" + alive + "')");
            as(ACME).body(Map.of("collection", "race", "source", folder.source()))
                    .post("/api/v1/sync")
                    .then()
                    .statusCode(409)
                    .body("active_operation.id", equalTo(alive.toString()))
                    .body("active_operation.worker_id", equalTo("busy-pod"));
            assertThat(db.operation(alive)).hasStatus(OperationStatus.RUNNING);
        } finally {
            reapers.resume();
        }
    }

    @Test
    void theAdminReapReleasesALockWhoseHolderEnded() {
        reapers.pause(); // the count must be the admin call's own (the lock reaper runs with the reapers)
        try {
            UUID ended =
                    fixtures.anOperation().status(OperationStatus.COMPLETED).insert();
            db.execute("INSERT INTO sync_lock (tenant_id, holder_operation_id) VALUES ('acme', '" + ended + "')");
            as(io.ingestops.testsupport.Tokens.admin("ops"))
                    .post("/api/v1/admin/operations/reap")
                    .then()
                    .statusCode(200)
                    .body("locks_released", equalTo(1));
            assertThat(db.count("SELECT count(*) FROM sync_lock")).isZero();
        } finally {
            reapers.resume();
        }
    }

    @Test
    void aTwoThousandFileFolderSyncsWithCorrectCounts() {
        QuarkusMock.installMockForType(
                new Chunking(config) {
                    @Override
                    public Duration itemDelay() {
                        return Duration.ZERO; // this test is about volume, not pacing
                    }
                },
                Chunking.class);
        SourceFolders folder = SourceFolders.create();
        for (int i = 0; i < 2000; i++) {
            folder.write(String.format("dir%02d/file%04d.txt", i % 20, i), "File " + i + " of the big folder.");
        }
        folder.write("broken.pdf", "not a pdf");
        Response done = as(ACME).body(Map.of("collection", "big", "source", folder.source()))
                .queryParam("sync", true)
                .post("/api/v1/sync");
        done.then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("progress.total_items", equalTo(2001))
                .body("progress.processed_items", equalTo(2001))
                .body("progress.failed_items", equalTo(1))
                .body("result.documents_added", equalTo(2000))
                .body("result.documents_failed", equalTo(1));
        assertThat(db.count("SELECT count(*) FROM document WHERE collection = 'big'"))
                .isEqualTo(2000);
        // the deadline was recomputed from the 2 001 files to process: 300 s + 10 s each, clamped to the 7 200 s
        // maximum
        assertThat(db.operation(UUID.fromString(done.path("id"))).expectedDurationSeconds)
                .isEqualTo(7200);
        // an unchanged re-sync reads nothing and changes nothing
        as(ACME).body(Map.of("collection", "big", "source", folder.source()))
                .queryParam("sync", true)
                .post("/api/v1/sync")
                .then()
                .statusCode(200)
                .body("result.documents_unchanged", equalTo(2000))
                .body("progress.total_items", equalTo(1))
                .body("expected_duration_seconds", equalTo(310));
    }
}

package io.ingestops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestops.db.Jdbc;
import io.ingestops.reaper.ReaperScheduler;
import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.Tokens;
import io.ingestops.worker.WorkerNode;
import io.ingestops.worker.WorkerRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DESIGN §7 "Operators": every replica's worker node, from the database, live or lost. */
@QuarkusTest
class WorkersApiTest extends ApiTest {

    private static final String ADMIN = Tokens.admin("ops");

    @Inject
    WorkerRegistry registry;

    @Inject
    Jdbc jdbc;

    @Inject
    ReaperScheduler reapers;

    private static JsonPath workers() {
        return as(ADMIN)
                .get("/api/v1/admin/workers")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static Map<String, Object> worker(String id) {
        return workers().getMap("workers.find { it.worker_id == '" + id + "' }");
    }

    @Test
    void everyNodeIsListedWithItsRunningOperationsAndALostOneIsShownAsLost() {
        Map<String, Object> main = worker("test-main");
        assertThat(main).containsEntry("status", "live").containsEntry("capacity", 3);
        assertThat(main.get("version")).isEqualTo("0.1.0-SNAPSHOT");

        nodes.pauseApplicationNode();
        WorkerNode replica = nodes.startReplica("replica-b");
        String id = submitText("c", longText(60)); // about a second of chunks at the test's item delay
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<String, Object> b = worker("replica-b");
            return b != null && List.of(id).equals(b.get("running"));
        });
        assertThat(worker("replica-b")).containsEntry("status", "live");

        // killed: no hand-back, no last write; its row stays and turns lost after stale-after (2 s)
        replica.halt();
        nodes.forget(replica);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "lost".equals(worker("replica-b").get("status")));
        as(ACME).get("/api/v1/admin/workers").then().statusCode(403);
    }

    @Test
    void housekeepingDeletesRowsLostForLongerThanRetentionOnly() {
        reapers.pause(); // the housekeeping runs here, once
        jdbc.update(
                "INSERT INTO worker (id, version, capacity, started_at, last_tick_at)"
                        + " VALUES ('gone-long-ago', 'old', 3, now() - interval '30 hours', now() - interval '25 hours'),"
                        + " ('gone-recently', 'old', 3, now() - interval '2 hours', now() - interval '1 hour')",
                s -> {});
        assertThat(worker("gone-long-ago")).containsEntry("status", "lost");

        assertThat(registry.runOnce()).isEqualTo(1); // retention is 24 h
        assertThat(worker("gone-long-ago")).isNull();
        assertThat(worker("gone-recently")).containsEntry("status", "lost");
        assertThat(worker("test-main")).containsEntry("status", "live");
        jdbc.update("DELETE FROM worker WHERE id = 'gone-recently'", s -> {});
    }

    @AfterEach
    void resumeReapers() {
        reapers.resume();
    }

    @Test
    void aNodeThatStopsCleanlyRemovesItsRow() {
        nodes.startReplica("replica-c");
        await().atMost(Duration.ofSeconds(5)).until(() -> worker("replica-c") != null);
        nodes.stopAll();
        assertThat(worker("replica-c")).isNull();
        assertThat(worker("test-main")).containsEntry("status", "live");
    }
}

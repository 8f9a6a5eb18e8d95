package io.ingestops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.ingestops.db.Jdbc;
import io.ingestops.history.AuditRetention;
import io.ingestops.operation.OperationRepository;
import io.ingestops.operation.ProgressSnapshot;
import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.ScriptedHandler;
import io.ingestops.testsupport.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DESIGN §7 "History": every status change and cancel request, with who made it; the tenant's audit log. */
@QuarkusTest
class HistoryApiTest extends ApiTest {

    private static final String ALICE = Tokens.tenant("acme", "alice");
    private static final String BOB = Tokens.tenant("acme", "bob");

    @Inject
    AuditRetention auditRetention;

    @Inject
    OperationRepository repository;

    @Inject
    Jdbc jdbc;

    @AfterEach
    void stopNodes() {
        nodes.stopAll();
        nodes.resumeApplicationNode();
    }

    @Test
    void aCompletedOperationShowsItsSubmitterAndTheWorkerThatRanIt() {
        String id = submit(ALICE, "docs", "some text to ingest");
        awaitStatus(ALICE, id, "completed");

        JsonPath history = as(ALICE)
                .get("/api/v1/operations/" + id + "/history")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(history.getList("events.from")).containsExactly(null, "pending", "running");
        assertThat(history.getList("events.to")).containsExactly("pending", "running", "completed");
        assertThat(history.getList("events.actor.kind")).containsExactly("user", "worker", "worker");
        assertThat(history.getList("events.actor.id")).containsExactly("alice", "test-main", "test-main");
        assertThat(history.getList("events.reason")).containsExactly("submitted", "claimed", "completed");
        assertThat(history.getList("events.attempt", Integer.class)).containsExactly(0, 1, 1);
        assertThat(history.getString("events[0].at")).isNotNull();
        // the timeline does not repeat what the operation is; the audit log does
        assertThat(history.getMap("events[0]")).doesNotContainKeys("operation_id", "type", "collection");
    }

    @Test
    void cancelsAndRetriesAreRecordedAsTheUserWhoAskedAndARepeatedCancelRequestRecordsNothing() {
        ScriptedHandler handler = new ScriptedHandler().ignoringStops(); // stays running while asked to stop
        nodes.pauseApplicationNode();
        String pending = submit(ALICE, "docs", "never started");
        as(BOB).post("/api/v1/operations/" + pending + "/cancel").then().statusCode(200);
        as(ALICE)
                .get("/api/v1/operations/" + pending + "/history")
                .then()
                .body("events[1].from", equalTo("pending"))
                .body("events[1].to", equalTo("cancelled"))
                .body("events[1].actor.kind", equalTo("user"))
                .body("events[1].actor.id", equalTo("bob"))
                .body("events[1].reason", equalTo("cancel_requested"));

        String retried = as(ALICE)
                .post("/api/v1/operations/" + pending + "/retry")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        as(ALICE)
                .get("/api/v1/operations/" + retried + "/history")
                .then()
                .body("events[0].from", nullValue())
                .body("events[0].actor.id", equalTo("alice"))
                .body("events[0].reason", equalTo("retry of " + pending));

        nodes.start("history-node", handler);
        awaitStatus(ALICE, retried, "running");
        as(BOB).post("/api/v1/operations/" + retried + "/cancel").then().statusCode(200);
        as(BOB).post("/api/v1/operations/" + retried + "/cancel").then().statusCode(200); // asked before
        handler.release();
        awaitStatus(ALICE, retried, "cancelled");

        JsonPath history = as(ALICE)
                .get("/api/v1/operations/" + retried + "/history")
                .then()
                .extract()
                .jsonPath();
        assertThat(history.getList("events.reason"))
                .containsExactly("retry of " + pending, "claimed", "cancel_requested", "cancelled");
        assertThat(history.getList("events.to")).containsExactly("pending", "running", "running", "cancelled");
        assertThat(history.getList("events.actor.id")).containsExactly("alice", "history-node", "bob", "history-node");
    }

    @Test
    void anAdminsBulkActionIsRecordedWithTheAdminsSubject() {
        nodes.pauseApplicationNode();
        String id = submit(ALICE, "docs", "to be cancelled by an operator");
        as(Tokens.admin("ops"))
                .body(Map.of("action", "cancel", "ids", List.of(id)))
                .post("/api/v1/admin/operations/bulk")
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo(200));
        as(ALICE)
                .get("/api/v1/operations/" + id + "/history")
                .then()
                .body("events[1].to", equalTo("cancelled"))
                .body("events[1].actor.kind", equalTo("user"))
                .body("events[1].actor.id", equalTo("admin-ops"));
    }

    @Test
    void anotherTenantSeesNeitherTheHistoryNorTheAuditEvents() {
        nodes.pauseApplicationNode();
        String id = submit(ALICE, "docs", "private");
        as(GLOBEX).get("/api/v1/operations/" + id + "/history").then().statusCode(404);
        as(GLOBEX)
                .get("/api/v1/operations/" + UUID.randomUUID() + "/history")
                .then()
                .statusCode(404);
        as(GLOBEX).get("/api/v1/operations/not-a-uuid/history").then().statusCode(400);
        assertThat(auditIds(GLOBEX, Map.of())).doesNotContain(id);
        assertThat(auditIds(ALICE, Map.of())).contains(id);
    }

    @Test
    void theAuditLogIsNewestFirstFilteredPagedAndOutlivesTheOperation() {
        nodes.pauseApplicationNode();
        String first = submit(ALICE, "docs", "one");
        String second = submit(ALICE, "other", "two");
        String third = submit(BOB, "docs", "three");
        as(BOB).post("/api/v1/operations/" + first + "/cancel").then().statusCode(200);

        JsonPath all =
                as(ALICE).get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        assertThat(all.getList("events.operation_id")).containsExactly(first, third, second, first);
        assertThat(all.getList("events.reason"))
                .containsExactly("cancel_requested", "submitted", "submitted", "submitted");
        assertThat(all.getList("events.collection")).containsExactly("docs", "docs", "other", "docs");
        assertThat(all.getList("events.type")).containsOnly("ingest_text");
        assertThat(all.getString("next_page_token")).isNull();

        assertThat(auditIds(ALICE, Map.of("collection", "docs"))).containsExactly(first, third, first);
        assertThat(auditIds(ALICE, Map.of("type", "sync"))).isEmpty();
        assertThat(auditIds(ALICE, Map.of("until", "2000-01-01T00:00:00Z"))).isEmpty();
        assertThat(auditIds(
                        ALICE, Map.of("since", Instant.now().minusSeconds(3600).toString())))
                .hasSize(4);

        List<String> paged = new ArrayList<>();
        String token = null;
        do {
            JsonPath page = as(ALICE)
                    .queryParam("limit", 3)
                    .queryParams(token == null ? Map.of() : Map.of("page_token", token))
                    .get("/api/v1/audit")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            paged.addAll(page.getList("events.operation_id"));
            token = page.getString("next_page_token");
        } while (token != null);
        assertThat(paged).containsExactly(first, third, second, first);

        // retention deleted the operation: its history stays, for the tenant only
        db.execute("DELETE FROM operation WHERE id = '" + first + "'");
        as(ALICE).get("/api/v1/operations/" + first).then().statusCode(404);
        as(ALICE)
                .get("/api/v1/operations/" + first + "/history")
                .then()
                .statusCode(200)
                .body("events.reason", equalTo(List.of("submitted", "cancel_requested")));
        assertThat(auditIds(ALICE, Map.of())).containsExactly(first, third, second, first);

        as(ALICE).queryParam("since", "yesterday").get("/api/v1/audit").then().statusCode(400);
        as(ALICE).queryParam("limit", 0).get("/api/v1/audit").then().statusCode(400);
        as(ALICE)
                .queryParam("type", "ingest_text,sync")
                .get("/api/v1/audit")
                .then()
                .statusCode(400);
        as(ALICE)
                .queryParam("page_token", "forged.token")
                .get("/api/v1/audit")
                .then()
                .statusCode(400);
        String globexToken =
                as(GLOBEX).queryParam("limit", 1).get("/api/v1/audit").path("next_page_token");
        if (globexToken != null) { // another tenant's token does not open this tenant's log
            as(ALICE)
                    .queryParam("page_token", globexToken)
                    .get("/api/v1/audit")
                    .then()
                    .statusCode(400);
        }
    }

    @Test
    void hostileAuditFiltersAreRefusedWithA400() {
        for (Map<String, String> query : List.of(
                Map.of("since", "+999999999-12-31T23:59:59Z"),
                Map.of("until", "-999999999-01-01T00:00:00Z"),
                Map.of("since", "2026-13-01T00:00:00Z"),
                Map.of("since", "2026-12-01T00:00:00"), // no offset
                Map.of("limit", "99999999999"),
                Map.of("type", "bogus"),
                Map.of("page_token", "x".repeat(5000)))) {
            as(ALICE).queryParams(query).get("/api/v1/audit").then().statusCode(400);
        }
        // a NUL or a control character in the collection filter: refused by the input policy, never a 5xx
        as(ALICE)
                .queryParam("collection", "a\u0000b")
                .get("/api/v1/audit")
                .then()
                .statusCode(400);
        // a page token of the operations list does not open the audit log
        nodes.pauseApplicationNode();
        submit(ALICE, "docs", "one");
        submit(ALICE, "docs", "two");
        String listToken =
                as(ALICE).queryParam("limit", 1).get("/api/v1/operations").path("next_page_token");
        assertThat(listToken).isNotNull();
        as(ALICE)
                .queryParam("page_token", listToken)
                .get("/api/v1/audit")
                .then()
                .statusCode(400);
    }

    @Test
    void cancelsOfOneRunningOperationAtOnceRecordOneRequest() throws Exception {
        ScriptedHandler handler = new ScriptedHandler().ignoringStops();
        nodes.pauseApplicationNode();
        String id = submit(ALICE, "docs", "cancelled by many at once");
        nodes.start("history-race", handler);
        awaitStatus(ALICE, id, "running");

        int callers = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return as(BOB).post("/api/v1/operations/" + id + "/cancel").statusCode();
            }));
        }
        start.countDown();
        for (var answer : answers) {
            assertThat(answer.get()).isEqualTo(200);
        }
        pool.shutdown();
        handler.release();
        awaitStatus(ALICE, id, "cancelled");
        assertThat(db.count("SELECT count(*) FROM operation_event WHERE operation_id = '" + id
                        + "' AND reason = 'cancel_requested'"))
                .isEqualTo(1);
    }

    @Test
    void auditRetentionDeletesOnlyEventsOlderThanItsPeriod() {
        nodes.pauseApplicationNode();
        String recent = submit(ALICE, "docs", "recent");
        String old = submit(ALICE, "docs", "old");
        db.execute("UPDATE operation_history SET at = now() - interval '31 days' WHERE operation_ids = ARRAY['" + old
                + "'::uuid]"); // its submission was a statement of its own

        assertThat(auditRetention.runOnce()).isEqualTo(1);
        assertThat(auditIds(ALICE, Map.of())).containsExactly(recent);
    }

    @Test
    void heartbeatsAndProgressStayHotUpdatesAndRecordNothing() {
        nodes.pauseApplicationNode();
        UUID id = fixtures.anOperation().running("hot-node").insert();
        List<Long> updates = QuarkusTransaction.requiringNew().call(() -> {
            // the backend's counts of this transaction, read before and after: a pooled connection's
            // counts may still hold its earlier transactions' until they are flushed
            List<Long> before = updateCounts();
            assertThat(repository.heartbeat(Map.of(id, 1L))).hasSize(1);
            assertThat(repository.writeProgress(id, 1L, new ProgressSnapshot("reading", 10, 10, 1, 0, "item 1")))
                    .isTrue();
            List<Long> after = updateCounts();
            return List.of(after.get(0) - before.get(0), after.get(1) - before.get(1));
        });
        assertThat(updates).as("updates, of which HOT").containsExactly(2L, 2L);
        assertThat(db.count("SELECT count(*) FROM operation_event WHERE operation_id = '" + id + "'"))
                .as("only the insert")
                .isEqualTo(1);
    }

    private List<Long> updateCounts() {
        return jdbc.query(
                        "SELECT pg_stat_get_xact_tuples_updated('operation'::regclass),"
                                + " pg_stat_get_xact_tuples_hot_updated('operation'::regclass)",
                        s -> {},
                        row -> List.of(row.getLong(1), row.getLong(2)))
                .get(0);
    }

    private static String submit(String token, String collection, String text) {
        return as(token)
                .body(Map.of("collection", collection, "text", text))
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    private static void awaitStatus(String token, String id, String status) {
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        status.equals(as(token).get("/api/v1/operations/" + id).path("status")));
    }

    private static List<String> auditIds(String token, Map<String, ?> query) {
        return as(token)
                .queryParams(query)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("events.operation_id");
    }
}

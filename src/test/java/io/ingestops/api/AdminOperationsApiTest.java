package io.ingestops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.ingestops.operation.OperationStatus;
import io.ingestops.reaper.ReaperScheduler;
import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DESIGN §7 "Operators": listing every tenant's operations and acting on many at once. */
@QuarkusTest
class AdminOperationsApiTest extends ApiTest {

    private static final String ADMIN = Tokens.admin("ops");

    @Inject
    ReaperScheduler reapers;

    @AfterEach
    void resumeReapers() {
        reapers.resume();
    }

    @Test
    void anAdminListsEveryTenantsOperationsFilteredAndPageByPage() {
        nodes.pauseApplicationNode(); // the pending rows stay pending
        UUID acmeOld = fixtures.anOperation()
                .tenant("acme")
                .createdAgo(Duration.ofMinutes(3))
                .insert();
        UUID globex = fixtures.anOperation()
                .tenant("globex")
                .status(OperationStatus.COMPLETED)
                .createdAgo(Duration.ofMinutes(2))
                .insert();
        UUID acmeNew = fixtures.anOperation()
                .tenant("acme")
                .createdAgo(Duration.ofMinutes(1))
                .insert();

        as(ADMIN)
                .get("/api/v1/admin/operations")
                .then()
                .statusCode(200)
                .body("operations.id", equalTo(List.of(acmeNew.toString(), globex.toString(), acmeOld.toString())));
        as(ADMIN)
                .get("/api/v1/admin/operations?tenant=globex")
                .then()
                .body("operations.id", equalTo(List.of(globex.toString())));
        as(ADMIN)
                .get("/api/v1/admin/operations?status=pending&type=ingest_text")
                .then()
                .body("operations.id", equalTo(List.of(acmeNew.toString(), acmeOld.toString())));

        List<String> paged = new ArrayList<>();
        String token = null;
        do {
            JsonPath page = as(ADMIN)
                    .queryParam("limit", 1)
                    .queryParams(token == null ? Map.of() : Map.of("page_token", token))
                    .get("/api/v1/admin/operations")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            paged.addAll(page.getList("operations.id"));
            token = page.getString("next_page_token");
        } while (token != null);
        assertThat(paged).containsExactly(acmeNew.toString(), globex.toString(), acmeOld.toString());

        // a tenant's own token is not enough, and bad filters are refused
        as(ACME).get("/api/v1/admin/operations").then().statusCode(403);
        as(ADMIN).get("/api/v1/admin/operations?stale=maybe").then().statusCode(400);
        as(ADMIN).get("/api/v1/admin/operations?status=stuck").then().statusCode(400);
        as(ADMIN).get("/api/v1/admin/operations?tenant=a%20b").then().statusCode(400);
    }

    @Test
    void staleListsRunningOperationsWhoseHeartbeatIsOlderThanHalfOfStaleAfter() {
        reapers.pause(); // else the stale one would be reaped before it is listed
        UUID stuck = fixtures.anOperation()
                .tenant("globex")
                .running("gone-replica")
                .heartbeatAgo(Duration.ofMinutes(5))
                .insert();
        fixtures.anOperation().tenant("acme").running("busy-replica").insert(); // heartbeat just now
        fixtures.anOperation().tenant("acme").insert(); // pending

        as(ADMIN)
                .get("/api/v1/admin/operations?stale=true")
                .then()
                .statusCode(200)
                .body("operations.id", equalTo(List.of(stuck.toString())))
                .body("operations[0].worker_id", equalTo("gone-replica"));
    }

    @Test
    void bulkCancelAndRetryAnswerPerIdAcrossTenantsAndOneRefusalStopsNoOther() {
        nodes.pauseApplicationNode();
        String acme = submitText("a", "first");
        String globex = as(GLOBEX)
                .body(Map.of("collection", "g", "text", "second"))
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        UUID done = fixtures.anOperation()
                .tenant("acme")
                .status(OperationStatus.COMPLETED)
                .insert();
        UUID unknown = UUID.randomUUID();

        JsonPath cancelled = as(ADMIN)
                .body(Map.of("action", "cancel", "ids", List.of(acme, done.toString(), globex, unknown.toString())))
                .post("/api/v1/admin/operations/bulk")
                .then()
                .statusCode(200)
                .body("results", hasSize(4))
                .extract()
                .jsonPath();
        assertThat(cancelled.getList("results.status")).containsExactly(200, 409, 200, 404);
        assertThat(cancelled.getString("results[0].operation.status")).isEqualTo("cancelled");
        assertThat(cancelled.getString("results[1].problem.code")).isEqualTo("not_cancellable");
        assertThat(cancelled.getString("results[2].operation.tenant_id")).isEqualTo("globex");
        assertThat(cancelled.getString("results[3].problem.code")).isEqualTo("not_found");
        as(GLOBEX).get("/api/v1/operations/" + globex).then().body("status", equalTo("cancelled"));

        JsonPath retried = as(ADMIN)
                .body(Map.of("action", "retry", "ids", List.of(globex, done.toString())))
                .post("/api/v1/admin/operations/bulk")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(retried.getList("results.status")).containsExactly(202, 409);
        assertThat(retried.getString("results[0].operation.retry_of")).isEqualTo(globex);
        assertThat(retried.getString("results[0].operation.submitted_by")).isEqualTo("admin-ops");
        assertThat(retried.getString("results[0].operation.tenant_id")).isEqualTo("globex");
        assertThat(retried.getString("results[1].problem.code")).isEqualTo("not_retryable");
    }

    @Test
    void aBadBulkRequestIsRefusedWholeAndChangesNothing() {
        nodes.pauseApplicationNode();
        String pending = submitText("a", "stays");
        for (Object body : List.of(
                Map.of("action", "cancel", "ids", List.of(pending, "not-a-uuid")),
                Map.of("action", "cancel", "ids", List.of(pending, pending)),
                Map.of("action", "delete", "ids", List.of(pending)),
                Map.of("action", "cancel", "ids", List.of()),
                Map.of("action", "cancel", "ids", hundredAndOneIds(pending)),
                Map.of("action", "cancel", "ids", List.of(pending), "force", true))) {
            as(ADMIN)
                    .body(body)
                    .post("/api/v1/admin/operations/bulk")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("invalid_argument"));
        }
        as(ACME).body(Map.of("action", "cancel", "ids", List.of(pending)))
                .post("/api/v1/admin/operations/bulk")
                .then()
                .statusCode(403);
        as(ACME).get("/api/v1/operations/" + pending)
                .then()
                .body("status", equalTo("pending"))
                .body("cancel_requested", equalTo(false))
                .body("error", nullValue());
    }

    private static List<String> hundredAndOneIds(String first) {
        List<String> ids = new ArrayList<>(List.of(first));
        while (ids.size() < 101) {
            ids.add(UUID.randomUUID().toString());
        }
        return ids;
    }
}

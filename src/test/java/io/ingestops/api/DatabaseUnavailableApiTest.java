package io.ingestops.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestops.testsupport.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A submission that meets a lost database connection answers 503 with Retry-After, never 500 (DESIGN §6). */
@QuarkusTest
class DatabaseUnavailableApiTest extends ApiTest {

    @Test
    void submissionsWhoseConnectionWasCutAnswer503WithRetryAfter() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            db.terminateEveryOtherConnection();
            Response response = as(ACME).body(Map.of("collection", "cut", "text", "Submitted while cut " + i))
                    .post("/api/v1/ingest/text");
            statuses.add(response.statusCode());
            if (response.statusCode() == 503) {
                assertThat(response.header("Retry-After")).isNotBlank();
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.<String>path("code")).isEqualTo("unavailable");
            }
        }
        assertThat(statuses)
                .as("each submission is accepted or refused as unavailable")
                .allMatch(s -> s == 202 || s == 503);
        assertThat(statuses)
                .as("a pooled connection cut under a request is seen at least once")
                .contains(503);
    }

    /**
     * The reads and writes next to submissions — history, audit, schedules, webhook deliveries — meet
     * the same cut connections: each answers as usual or 503 with Retry-After, never 500.
     */
    @Test
    void historyAuditSchedulesAndDeliveriesAnswer503NotAnErrorWhenTheConnectionIsCut() {
        String id = submitText("cut", "Read while cut.");
        String folder = io.ingestops.testsupport.SourceFolders.create()
                .write("a.txt", "A.")
                .source();
        List<Integer> statuses = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (java.util.function.Supplier<Response> call : List.<java.util.function.Supplier<Response>>of(
                    () -> as(ACME).get("/api/v1/operations/" + id + "/history"),
                    () -> as(ACME).get("/api/v1/audit"),
                    () -> as(ACME).get("/api/v1/operations/" + id + "/deliveries"),
                    () -> as(ACME).get("/api/v1/schedules"),
                    () -> as(ACME).body(Map.of("collection", "cut", "source", folder, "cron", "0 3 * * *"))
                            .post("/api/v1/schedules"))) {
                db.terminateEveryOtherConnection();
                Response response = call.get();
                statuses.add(response.statusCode());
                if (response.statusCode() == 503) {
                    assertThat(response.header("Retry-After")).isNotBlank();
                    assertThat(response.<String>path("code")).isEqualTo("unavailable");
                }
            }
        }
        assertThat(statuses).allMatch(s -> s == 200 || s == 201 || s == 503);
        assertThat(statuses).contains(503);
    }
}

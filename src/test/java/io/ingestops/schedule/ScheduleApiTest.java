package io.ingestops.schedule;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.SourceFolders;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DESIGN §7 "Schedules": recurring syncs, exactly one per due time across replicas. */
@QuarkusTest
class ScheduleApiTest extends ApiTest {

    @Inject
    ScheduleRunner runner;

    @Inject
    Scheduler scheduler;

    private SourceFolders folder;

    @BeforeEach
    void pauseTicks() {
        // the tests tick themselves, as several replicas would; one test lets the application tick
        scheduler.pause("schedules");
        db.execute("TRUNCATE schedule CASCADE");
        folder = SourceFolders.create().write("a.txt", "Alpha.").write("b.md", "# Bravo");
    }

    @AfterEach
    void resumeTicks() {
        db.execute("TRUNCATE schedule CASCADE");
        scheduler.resume("schedules");
    }

    private String create(String cron) {
        return as(ACME).body(Map.of("collection", "h", "source", folder.source(), "cron", cron))
                .post("/api/v1/schedules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private void makeDue(String id, Duration ago) {
        db.execute("UPDATE schedule SET next_due_at = now() - interval '" + ago.toSeconds() + " seconds' WHERE id = '"
                + id + "'");
    }

    private long syncs() {
        return db.count("SELECT count(*) FROM operation WHERE type = 'sync'");
    }

    @Test
    void aScheduleIsCreatedReadListedAndDeletedByItsTenantOnly() {
        String id = as(ACME).body(Map.of(
                        "collection",
                        "h",
                        "source",
                        folder.source() + "/./",
                        "cron",
                        "0 3 * * *",
                        "time_zone",
                        "Europe/Berlin",
                        "priority",
                        7))
                .post("/api/v1/schedules")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/schedules/"))
                .body("source", equalTo(folder.source()))
                .body("time_zone", equalTo("Europe/Berlin"))
                .body("priority", equalTo(7))
                .body("created_by", equalTo("test-acme"))
                .body("run_count", equalTo(0))
                .body("skipped_count", equalTo(0))
                .body("last_run_at", org.hamcrest.Matchers.nullValue())
                .extract()
                .path("id");
        Instant next = Instant.parse(as(ACME).get("/api/v1/schedules/" + id).path("next_run_at"));
        assertThat(next).isAfter(Instant.now());
        assertThat(next.atZone(ZoneId.of("Europe/Berlin")).getHour()).isEqualTo(3);
        assertThat(next.atZone(ZoneId.of("Europe/Berlin")).getMinute()).isZero();

        as(ACME).get("/api/v1/schedules").then().statusCode(200).body("schedules", hasSize(1));
        as(GLOBEX).get("/api/v1/schedules").then().statusCode(200).body("schedules", hasSize(0));
        as(GLOBEX).get("/api/v1/schedules/" + id).then().statusCode(404);
        as(GLOBEX).delete("/api/v1/schedules/" + id).then().statusCode(404);
        as(ACME).delete("/api/v1/schedules/" + id).then().statusCode(204);
        as(ACME).get("/api/v1/schedules/" + id).then().statusCode(404);
        as(ACME).get("/api/v1/schedules/not-a-uuid").then().statusCode(400);
        given().get("/api/v1/schedules").then().statusCode(401);
    }

    @Test
    void badSchedulesAreRefusedNamingTheFieldAndStoreNothing() {
        Object[][] bad = {
            {"cron", "61 * * * *"},
            {"cron", "every day at three"},
            {"cron", "0 0 3 * * ?"}, // Quartz, six fields: this service reads Unix cron
            {"cron", "0 0 30 2 *"}, // never due
            {"cron", "x".repeat(500)},
            {"time_zone", "Mars/Olympus"},
            {"source", "../outside"},
            {"source", "no-such-folder"},
            {"collection", "bad name!"},
        };
        for (Object[] field : bad) {
            Map<String, Object> body =
                    new java.util.HashMap<>(Map.of("collection", "h", "source", folder.source(), "cron", "0 3 * * *"));
            body.put((String) field[0], field[1]);
            as(ACME).body(body)
                    .post("/api/v1/schedules")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo(field[0]));
        }
        as(ACME).body(Map.of("collection", "h", "cron", "0 3 * * *"))
                .post("/api/v1/schedules")
                .then()
                .statusCode(400);
        assertThat(db.count("SELECT count(*) FROM schedule")).isZero();
    }

    @Test
    void aTenantHasAtMostTheConfiguredNumberOfSchedules() {
        for (int i = 0; i < 5; i++) {
            create("0 " + i + " * * *");
        }
        as(ACME).body(Map.of("collection", "h", "source", folder.source(), "cron", "0 9 * * *"))
                .post("/api/v1/schedules")
                .then()
                .statusCode(409)
                .body("code", equalTo("too_many_schedules"));
        // another tenant's count is its own
        as(GLOBEX)
                .body(Map.of("collection", "h", "source", folder.source(), "cron", "0 9 * * *"))
                .post("/api/v1/schedules")
                .then()
                .statusCode(201);
    }

    @Test
    void eachDueTimeCreatesExactlyOneSyncWhateverTheNumberOfReplicasTicking() throws Exception {
        String id = create("*/5 * * * *");
        makeDue(id, Duration.ofSeconds(1));

        int acted = io.ingestops.testsupport.Together.run(4, replica -> runner.runOnce()).stream()
                .mapToInt(Integer::intValue)
                .sum();
        assertThat(acted).isEqualTo(1);
        assertThat(syncs()).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM schedule_run WHERE schedule_id = '" + id + "'"))
                .isEqualTo(1);
        String operation = as(ACME).get("/api/v1/schedules/" + id)
                .then()
                .body("run_count", equalTo(1))
                .extract()
                .path("last_operation_id");
        as(ACME).get("/api/v1/operations/" + operation)
                .then()
                .body("type", equalTo("sync"))
                .body("metadata.schedule_id", equalTo(id))
                .body("submitted_by", equalTo("test-acme"));
        assertThat(Instant.parse(as(ACME).get("/api/v1/schedules/" + id).path("next_run_at")))
                .isAfter(Instant.now());

        // not due again until its next time
        assertThat(runner.runOnce()).isZero();
        assertThat(syncs()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> "completed"
                .equals(as(ACME).get("/api/v1/operations/" + operation).path("status")));
    }

    @Test
    void dueTimesMissedDuringAnOutageRunOnce() {
        String id = create("* * * * *");
        makeDue(id, Duration.ofHours(3)); // 180 due times passed while no replica was up
        assertThat(runner.runOnce()).isEqualTo(1);
        assertThat(runner.runOnce()).isZero();
        assertThat(syncs()).isEqualTo(1);
        assertThat(Instant.parse(as(ACME).get("/api/v1/schedules/" + id).path("next_run_at")))
                .isAfter(Instant.now());
    }

    @Test
    void aDueTimeThatFindsTheTenantLockHeldIsSkippedAndCountedNotQueued() {
        String id = create("*/5 * * * *");
        String holder = as(ACME).body(Map.of(
                        "collection",
                        "other",
                        "source",
                        folder.source(),
                        "run_at",
                        Instant.now().plus(Duration.ofHours(1)).toString()))
                .post("/api/v1/sync")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        makeDue(id, Duration.ofSeconds(1));
        assertThat(runner.runOnce()).isEqualTo(1);

        assertThat(syncs()).isEqualTo(1); // only the holder
        as(ACME).get("/api/v1/schedules/" + id)
                .then()
                .body("skipped_count", equalTo(1))
                .body("run_count", equalTo(0))
                .body("last_skip_reason", containsString(holder))
                .body("last_skipped_at", org.hamcrest.Matchers.notNullValue());
        assertThat(runner.runOnce()).isZero(); // moved on to its next due time, not retried

        as(ACME).post("/api/v1/operations/" + holder + "/cancel").then().statusCode(200);
        makeDue(id, Duration.ofSeconds(1));
        assertThat(runner.runOnce()).isEqualTo(1);
        as(ACME).get("/api/v1/schedules/" + id)
                .then()
                .body("run_count", equalTo(1))
                .body("skipped_count", equalTo(1));
        given().get("/q/metrics")
                .then()
                .body(containsString("ingest_schedule_runs_total{outcome=\"skipped\"}"))
                .body(containsString("ingest_schedule_runs_total{outcome=\"submitted\"}"));
    }

    @Test
    void theApplicationsOwnTickRunsADueSchedule() {
        String id = create("*/5 * * * *");
        makeDue(id, Duration.ofSeconds(1));
        scheduler.resume("schedules");
        await().atMost(Duration.ofSeconds(10)).until(() -> syncs() == 1);
        as(ACME).get("/api/v1/schedules/" + id).then().body("run_count", equalTo(1));
    }
}

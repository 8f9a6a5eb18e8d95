package io.ingestops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestops.testsupport.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No job's database transaction, however long, holds up a heartbeat, its own included (DESIGN §6).
 * A trigger makes one document's insert take longer than stale-after (2 s in the test profile);
 * the reapers run every 500 ms. Before, the heartbeat waited for that transaction's lock on the
 * operation row and the operation was reaped as stale.
 */
@QuarkusTest
class LongTransactionHeartbeatTest extends ApiTest {

    @BeforeEach
    void slowDocuments() {
        db.execute("CREATE OR REPLACE FUNCTION test_slow_document() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN PERFORM pg_sleep(4); RETURN NEW; END $$");
        db.execute("CREATE TRIGGER test_slow_document BEFORE INSERT ON document FOR EACH ROW"
                + " WHEN (NEW.source_id LIKE 'slow:%') EXECUTE FUNCTION test_slow_document()");
    }

    @AfterEach
    void normalDocuments() {
        db.execute("DROP TRIGGER IF EXISTS test_slow_document ON document");
    }

    @Test
    void aDocumentTransactionLongerThanStaleAfterGetsNothingReaped() {
        String slow = as(ACME).body(Map.of("collection", "long", "text", "A slow document.", "source_id", "slow:1"))
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        String small = submitText("long", "A small document beside it.");

        // while the slow document's transaction runs, its heartbeat stays fresh
        await().atMost(Duration.ofSeconds(10))
                .until(() -> db.count("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%INSERT INTO document%'"
                                + " AND wait_event = 'PgSleep'")
                        == 1);
        await().during(Duration.ofMillis(2500))
                .atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> db.count("SELECT count(*) FROM operation WHERE id = '" + slow + "' AND status = 'running'"
                                + " AND heartbeat_at > now() - interval '1 second'")
                        == 1);

        await().atMost(Duration.ofSeconds(20)).until(() -> as(ACME).get("/api/v1/operations/" + slow)
                .path("status")
                .equals("completed"));
        await().atMost(Duration.ofSeconds(20)).until(() -> as(ACME).get("/api/v1/operations/" + small)
                .path("status")
                .equals("completed"));
        assertThat(as(ACME).get("/api/v1/operations/" + slow).<Integer>path("attempt"))
                .isEqualTo(1);
        assertThat(as(ACME).get("/api/v1/operations/" + small).<Integer>path("attempt"))
                .isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM document WHERE collection = 'long'"))
                .isEqualTo(2);
    }
}

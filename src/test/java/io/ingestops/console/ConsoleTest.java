package io.ingestops.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.ingestops.reaper.ReaperScheduler;
import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.SourceFolders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console is served by the service, same origin, under a policy that allows no inline script
 * (the browser tests in bin/test drive it; this checks what the server sends). Also the tenant
 * lock endpoint its collections page reads.
 */
@QuarkusTest
class ConsoleTest extends ApiTest {

    @jakarta.inject.Inject
    ReaperScheduler reapers;

    @AfterEach
    void resume() {
        nodes.resumeApplicationNode();
    }

    @Test
    void theConsoleIsServedWithoutATokenUnderAStrictContentSecurityPolicy() {
        for (String path : new String[] {"/console", "/console/", "/console/index.html"}) {
            Response page = given().redirects().follow(false).get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.contentType()).as(path).startsWith("text/html");
            String csp = page.header("Content-Security-Policy");
            assertThat(csp).as(path).contains("script-src 'self'", "default-src 'none'", "frame-ancestors 'none'");
            assertThat(csp).as(path).doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
            String html = page.asString();
            // every script has a src on this origin; no inline handlers, no inline styles, nothing from elsewhere
            assertThat(Pattern.compile("<script(?![^>]*\\ssrc=\"/console/)")
                            .matcher(html)
                            .find())
                    .as("inline script in " + path)
                    .isFalse();
            assertThat(html).doesNotContain(" onclick=", " onload=", " style=", "http://", "https://");
        }
        for (String asset : new String[] {"/console/console.js", "/console/sse.js", "/console/console.css"}) {
            given().get(asset)
                    .then()
                    .statusCode(200)
                    .header("Content-Security-Policy", notNullValue())
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .body(not(containsString("https://")));
        }
        given().get("/console/missing.js").then().statusCode(404);
    }

    @Test
    void theTenantLockShowsItsHolderAndWhetherItsHeartbeatIsAlive() {
        as(ACME).get("/api/v1/sync/lock")
                .then()
                .statusCode(200)
                .body("holder", nullValue())
                .body("heartbeat_alive", nullValue())
                .body("stale_after_seconds", equalTo(2.0f));

        nodes.pauseApplicationNode();
        String sync = as(ACME).body(Map.of(
                        "collection",
                        "locked",
                        "source",
                        SourceFolders.create().write("a.txt", "held").source()))
                .post("/api/v1/sync")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        as(ACME).get("/api/v1/sync/lock")
                .then()
                .statusCode(200)
                .body("holder.id", equalTo(sync))
                .body("holder.status", equalTo("pending"))
                .body("heartbeat_alive", nullValue()); // not started: no heartbeat yet
        as(GLOBEX).get("/api/v1/sync/lock").then().body("holder", nullValue()); // another tenant's lock

        // a holder whose worker is gone: the stale-heartbeat reaper must not take it back while we look
        reapers.pause();
        try {
            db.execute("UPDATE operation SET status = 'running', changed_by = 'worker:gone', worker_id = 'gone',"
                    + " attempt = 1, claim_token = 1, started_at = now(), claimed_at = now(),"
                    + " heartbeat_at = now() - interval '1 minute' WHERE id = '" + sync + "'");
            as(ACME).get("/api/v1/sync/lock")
                    .then()
                    .body("holder.worker_id", equalTo("gone"))
                    .body("heartbeat_alive", equalTo(false));
            db.execute("UPDATE operation SET heartbeat_at = now() WHERE id = '" + sync + "'");
            as(ACME).get("/api/v1/sync/lock").then().body("heartbeat_alive", equalTo(true));
        } finally {
            reapers.resume();
        }
    }
}

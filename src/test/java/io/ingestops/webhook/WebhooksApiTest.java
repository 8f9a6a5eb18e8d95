package io.ingestops.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.testsupport.ApiTest;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DESIGN §7 "Webhooks": signed POSTs of terminal states, retried, recorded, from whichever replica. */
@QuarkusTest
class WebhooksApiTest extends ApiTest {

    @ConfigProperty(name = "ingest.webhooks.secret")
    String secret;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    Scheduler scheduler;

    private final ObjectMapper json = new ObjectMapper();
    private TestReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new TestReceiver();
        db.execute("TRUNCATE webhook_delivery CASCADE");
    }

    @AfterEach
    void stopReceiver() {
        scheduler.resume("webhooks");
        receiver.close();
        db.execute("TRUNCATE webhook_delivery CASCADE");
    }

    private String submit(String callbackUrl) {
        return as(ACME).body(Map.of("collection", "c", "text", "Hooked.", "callback_url", callbackUrl))
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(202)
                .body("callback_url", equalTo(callbackUrl))
                .extract()
                .path("id");
    }

    private JsonPath deliveries(String id) {
        return as(ACME).get("/api/v1/operations/" + id + "/deliveries")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private JsonPath awaitDelivery(String id, String status) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> status.equals(deliveries(id).getString("deliveries[0].status")));
        return deliveries(id);
    }

    @Test
    void aTerminalStateIsPostedSignedPerStandardWebhooks() throws Exception {
        String id = submit(receiver.url("127.0.0.1"));
        JsonPath delivered = awaitDelivery(id, "delivered");

        assertThat(receiver.received).hasSize(1);
        TestReceiver.Received message = receiver.received.get(0);
        String webhookId = message.header("webhook-id");
        String timestamp = message.header("webhook-timestamp");
        assertThat(webhookId).startsWith("msg_").isEqualTo(delivered.getString("deliveries[0].webhook_id"));
        assertThat(Long.parseLong(timestamp))
                .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
        assertThat(message.header("Content-Type")).startsWith("application/json");
        assertThat(StandardWebhooksVerifier.verify(
                        secret, webhookId, timestamp, message.body(), message.header("webhook-signature")))
                .as("signature verified independently")
                .isTrue();
        assertThat(StandardWebhooksVerifier.verify(
                        secret, webhookId, timestamp, message.body() + " ", message.header("webhook-signature")))
                .as("a changed body does not verify")
                .isFalse();
        JsonNode body = json.readTree(message.body());
        assertThat(body.get("type").asText()).isEqualTo("operation.completed");
        assertThat(body.at("/data/id").asText()).isEqualTo(id);
        assertThat(body.at("/data/status").asText()).isEqualTo("completed");
        // the operation as the API shows it (snake_case, with its result)
        assertThat(body.at("/data/tenant_id").asText()).isEqualTo("acme");
        assertThat(body.at("/data/callback_url").asText()).isEqualTo(receiver.url("127.0.0.1"));
        assertThat(body.at("/data/result/documents_added").asInt()).isEqualTo(1);
        assertThat(delivered.getInt("deliveries[0].attempt_count")).isEqualTo(1);
        assertThat(delivered.getInt("deliveries[0].attempts[0].status_code")).isEqualTo(200);
    }

    @Test
    void failedAttemptsAreRetriedWithTheSameIdUntilOneSucceeds() throws Exception {
        receiver.answer(n -> n < 2
                ? new TestReceiver.Answer(500, 0, "{\"error\": \"busy\"}", null)
                : n == 2
                        ? new TestReceiver.Answer(200, 2500, "", null) // slower than the 1 s read timeout
                        : TestReceiver.Answer.status(204));
        String id = submit(receiver.url("localhost"));
        JsonPath delivered = awaitDelivery(id, "delivered");

        assertThat(receiver.received).hasSize(4);
        assertThat(receiver.received.stream().map(r -> r.header("webhook-id")).distinct())
                .hasSize(1);
        assertThat(receiver.received.stream().map(TestReceiver.Received::body).distinct())
                .hasSize(1);
        for (TestReceiver.Received r : receiver.received) {
            assertThat(StandardWebhooksVerifier.verify(
                            secret,
                            r.header("webhook-id"),
                            r.header("webhook-timestamp"),
                            r.body(),
                            r.header("webhook-signature")))
                    .isTrue();
        }
        List<Integer> codes = delivered.getList("deliveries[0].attempts.status_code");
        assertThat(codes).containsExactly(500, 500, null, 204);
        assertThat(delivered.getString("deliveries[0].attempts[2].error")).contains("timed out");
        assertThat(delivered.getString("deliveries[0].attempts[0].response_excerpt"))
                .contains("busy");
        io.restassured.RestAssured.given()
                .get("/q/metrics")
                .then()
                .body(org.hamcrest.Matchers.containsString("ingest_webhook_deliveries_total{outcome=\"retried\"}"))
                .body(org.hamcrest.Matchers.containsString("ingest_webhook_deliveries_total{outcome=\"delivered\"}"));
    }

    @Test
    void aMessageNobodyAcceptsFailsAfterMaxAttemptsAndRedirectsAreNotFollowed() {
        receiver.answer(n -> new TestReceiver.Answer(302, 0, "", receiver.elsewhere()));
        String id = submit(receiver.url("127.0.0.1"));
        JsonPath failed = awaitDelivery(id, "failed");
        assertThat(failed.getInt("deliveries[0].attempt_count")).isEqualTo(4); // %test max-attempts
        assertThat(failed.getString("deliveries[0].last_error")).contains("redirects are not followed");
        assertThat(receiver.redirectHits).isEmpty();
    }

    @Test
    void longAnswersAreKeptToOneKibibyte() {
        receiver.answer(n -> new TestReceiver.Answer(200, 0, "x".repeat(5000), null));
        String id = submit(receiver.url("127.0.0.1"));
        JsonPath delivered = awaitDelivery(id, "delivered");
        assertThat(delivered.getString("deliveries[0].attempts[0].response_excerpt"))
                .hasSize(1024);
    }

    @Test
    void aCancelledOperationIsPostedToo() throws Exception {
        nodes.pauseApplicationNode();
        String id = submit(receiver.url("127.0.0.1"));
        as(ACME).post("/api/v1/operations/" + id + "/cancel").then().statusCode(200);
        awaitDelivery(id, "delivered");
        assertThat(json.readTree(receiver.received.get(0).body()).get("type").asText())
                .isEqualTo("operation.cancelled");
    }

    @Test
    void callbackUrlsOutsideTheAllowListAreRefusedAndCreateNothing() {
        for (String bad : List.of(
                "https://example.com/hook",
                "ftp://127.0.0.1/hook",
                "http://user:secret@127.0.0.1/hook",
                "http://127.0.0.1.evil.example/hook",
                "file:///etc/passwd",
                "http://[::1]/hook",
                "not a url",
                "http://127.0.0.1/hook#frag")) {
            as(ACME).body(Map.of("collection", "c", "text", "x", "callback_url", bad))
                    .post("/api/v1/ingest/text")
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", equalTo("callback_url"));
        }
        assertThat(db.count("SELECT count(*) FROM operation")).isZero();
    }

    @Test
    void severalReplicasDeliverEachAttemptOnce() throws Exception {
        scheduler.pause("webhooks");
        nodes.pauseApplicationNode();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(submit(receiver.url("127.0.0.1")));
            as(ACME).post("/api/v1/operations/" + ids.get(i) + "/cancel").then().statusCode(200);
        }
        int attempts = io.ingestops.testsupport.Together.run(3, replica -> dispatcher.deliverDue()).stream()
                .mapToInt(Integer::intValue)
                .sum();
        assertThat(attempts).isEqualTo(12);
        assertThat(receiver.received).hasSize(12);
        assertThat(receiver.received.stream().map(r -> r.header("webhook-id")).distinct())
                .hasSize(12);
        assertThat(db.count("SELECT count(*) FROM webhook_delivery WHERE status = 'delivered'"))
                .isEqualTo(12);
    }

    @Test
    void anotherTenantSeesNoDeliveries() {
        String id = submit(receiver.url("127.0.0.1"));
        awaitDelivery(id, "delivered");
        as(GLOBEX).get("/api/v1/operations/" + id + "/deliveries").then().statusCode(404);
        as(ACME).get("/api/v1/operations/" + java.util.UUID.randomUUID() + "/deliveries")
                .then()
                .statusCode(404);
    }
}

package io.ingestops.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestops.ingest.IngestTextHandler;
import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationEventsTest extends ApiTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    IngestTextHandler ingestText;

    @Inject
    OperationEventHub hub;

    private String url() {
        return base.toString().replaceAll("/$", "");
    }

    @Test
    void aStreamSeesOrderedProgressAndTheTerminalStateOfAJobRunByAnotherWorker() {
        nodes.pauseApplicationNode(); // only the second node, with its own worker id, runs the job
        nodes.start("other-replica", ingestText);
        String id = submitText("live", longText(60));
        try (SseClient stream = SseClient.open(url(), "/api/v1/operations/" + id + "/events", ACME)) {
            await().atMost(Duration.ofSeconds(20)).until(stream::isFinished);
            List<SseClient.Event> events = stream.events();
            assertThat(stream.status()).isEqualTo(200);
            assertThat(events.size()).isGreaterThan(2);
            assertThat(events).allSatisfy(e -> assertThat(e.name()).isEqualTo("operation"));
            for (int i = 1; i < events.size(); i++) {
                assertThat(events.get(i).id()).isGreaterThan(events.get(i - 1).id());
                assertThat(events.get(i).data().getInt("progress.processed_items"))
                        .isGreaterThanOrEqualTo(events.get(i - 1).data().getInt("progress.processed_items"));
            }
            SseClient.Event last = events.get(events.size() - 1);
            assertThat(last.data().getString("status")).isEqualTo("completed");
            assertThat(last.data().getBoolean("done")).isTrue();
            assertThat(last.data().getString("worker_id")).isEqualTo("other-replica");
            assertThat(events.stream()
                            .filter(e -> e.data().getString("status").equals("running"))
                            .count())
                    .as("progress while running")
                    .isGreaterThan(1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.openStreams() == 0);
    }

    @Test
    void manyConcurrentStreamsAllEndWithTheTerminalState() {
        String id = submitText("many", longText(40));
        List<SseClient> streams = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            streams.add(SseClient.open(url(), "/api/v1/operations/" + id + "/events", ACME));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> streams.stream().allMatch(SseClient::isFinished));
        for (SseClient stream : streams) {
            List<SseClient.Event> events = stream.events();
            assertThat(events).isNotEmpty();
            assertThat(events.get(events.size() - 1).data().getString("status")).isEqualTo("completed");
            stream.close();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.openStreams() == 0);
    }

    @Test
    void clientsThatGoAwayFreeTheirStreamsAndTheLimitIsEnforced() {
        nodes.pauseApplicationNode(); // the operation stays pending: streams stay open until their clients leave
        String id = submitText("idle", "waits");
        List<SseClient> streams = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            streams.add(SseClient.open(url(), "/api/v1/operations/" + id + "/events", ACME));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.openStreams() == 25);
        // the %test profile allows 25 streams per tenant
        as(ACME).get("/api/v1/operations/" + id + "/events")
                .then()
                .statusCode(429)
                .contentType("application/problem+json");
        // a client going away is ordinary: nothing is logged as an error (it used to be)
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                    errors.add(record.getLoggerName() + ": " + record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            streams.forEach(SseClient::close);
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.openStreams() == 0);
        } finally {
            root.removeHandler(capture);
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void anotherTenantCannotFollowTheOperation() {
        String id = submitText("secret", "private");
        as(GLOBEX).get("/api/v1/operations/" + id + "/events").then().statusCode(404);
        as(GLOBEX).get("/api/v1/operations/not-a-uuid/events").then().statusCode(400);
    }

    @Test
    void theTenantFeedFollowsEveryOperationOfACollection() {
        try (SseClient feed = SseClient.open(url(), "/api/v1/operations/events?collection=feed", ACME)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.openStreams() == 1);
            String first = submitText("feed", "first text");
            String second = submitText("feed", "second text");
            submitText("elsewhere", "not in the feed");
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                List<SseClient.Event> events = feed.events();
                return events.stream()
                                .anyMatch(e -> e.data().getString("id").equals(first)
                                        && e.data().getBoolean("done"))
                        && events.stream()
                                .anyMatch(e -> e.data().getString("id").equals(second)
                                        && e.data().getBoolean("done"));
            });
            List<SseClient.Event> events = feed.events();
            assertThat(events).allSatisfy(e -> assertThat(e.data().getString("collection"))
                    .isEqualTo("feed"));
            for (int i = 1; i < events.size(); i++) {
                assertThat(events.get(i).id()).isGreaterThan(events.get(i - 1).id());
            }
            assertThat(feed.isFinished()).as("a feed stays open").isFalse();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.openStreams() == 0);
    }
}

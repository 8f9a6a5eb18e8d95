package io.ingestops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestops.config.IngestConfig;
import io.ingestops.operation.Operation;
import io.ingestops.operation.OperationStatus;
import io.ingestops.operation.OperationType;
import io.ingestops.testsupport.EngineTest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Progress and item counts are throttled, yet always show: late by at most the progress interval. */
@QuarkusTest
class ProgressWritesTest extends EngineTest {

    @Inject
    IngestConfig config;

    @Test
    void aReportIsWrittenWithinTheIntervalEvenIfTheJobReportsNothingMore() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        UUID id = fixtures.anOperation().insert();
        nodes.start("quiet", handler(context -> {
            context.setTotalItems(7);
            context.progress("reading", 2, 0, "item 2");
            // a long item: no further report for a while
            while (release.getCount() > 0) {
                context.pause(Duration.ofMillis(20));
            }
        }));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Operation running = db.operation(id);
            assertThat(running.status).isEqualTo(OperationStatus.RUNNING);
            assertThat(running.totalItems).isEqualTo(7);
            assertThat(running.processedItems).isEqualTo(2);
            assertThat(running.stage).isEqualTo("reading");
            // the deadline was recomputed from the item count (base + per item × 7, not the claim-time base)
            assertThat(running.expectedDurationSeconds).isEqualTo(expectedFor(7));
        });
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> db.operation(id).status == OperationStatus.COMPLETED);
    }

    @Test
    void aJobShorterThanTheIntervalHasItsCountAndDeadlineRecordedByItsCompletion() {
        UUID id = fixtures.anOperation().insert();
        nodes.start("short", handler(context -> {
            context.setTotalItems(3);
            context.progress("processing", 3, 0, null);
        }));

        await().atMost(Duration.ofSeconds(5)).until(() -> db.operation(id).status == OperationStatus.COMPLETED);
        Operation done = db.operation(id);
        assertThat(done.totalItems).isEqualTo(3);
        assertThat(done.processedItems).isEqualTo(3);
        assertThat(done.percentage).isEqualTo(100.0);
        assertThat(done.expectedDurationSeconds).isEqualTo(expectedFor(3));
    }

    private int expectedFor(int items) {
        int seconds = (int) Math.ceil(WorkerSettings.from(config).deadline().expectedSeconds(items));
        assertThat(seconds).as("differs from the claim-time deadline").isNotEqualTo(expectedFor0());
        return seconds;
    }

    private int expectedFor0() {
        return (int) Math.ceil(WorkerSettings.from(config).deadline().expectedSeconds(0));
    }

    interface Body {
        void run(JobContext context) throws Exception;
    }

    private static OperationHandler handler(Body body) {
        return new OperationHandler() {
            @Override
            public OperationType type() {
                return OperationType.INGEST_TEXT;
            }

            @Override
            public Object run(JobContext context) throws Exception {
                body.run(context);
                return Map.of();
            }
        };
    }
}

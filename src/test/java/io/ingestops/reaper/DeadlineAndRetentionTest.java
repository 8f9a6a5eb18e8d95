package io.ingestops.reaper;

import static io.ingestops.testsupport.OperationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestops.operation.DeadlinePolicy;
import io.ingestops.operation.OperationStatus;
import io.ingestops.testsupport.EngineTest;
import io.ingestops.testsupport.ScriptedHandler;
import io.ingestops.worker.WorkerNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DeadlineAndRetentionTest extends EngineTest {

    private static final DeadlinePolicy ONE_SECOND =
            new DeadlinePolicy(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1));

    @Inject
    DeadlineReaper deadlines;

    @Inject
    RetentionReaper retention;

    @Test
    void aJobPastItsDeadlineIsStoppedAndFailedByItsOwnWorker() {
        UUID id = fixtures.anOperation().insert();
        ScriptedHandler handler = new ScriptedHandler().blocking();
        WorkerNode node = nodes.start("timed", handler, s -> s.withDeadline(ONE_SECOND));

        await().atMost(Duration.ofSeconds(10)).until(() -> db.operation(id).status == OperationStatus.FAILED);
        assertThat(db.operation(id)).hasErrorCode("deadline_exceeded").ranOn("timed");
        assertThat(db.operation(id).expectedDurationSeconds).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.runningCount() == 0);
        assertThat(handler.lastOutcome(id)).isEqualTo("JobStoppedException");
        assertThat(db.operation(id)).hasStatus(OperationStatus.FAILED);
    }

    @Test
    void aWedgedJobThatIgnoresCheckpointsIsStillFailedAtItsDeadline() {
        UUID id = fixtures.anOperation().insert();
        ScriptedHandler handler = new ScriptedHandler().ignoringStops();
        nodes.start("wedged", handler, s -> s.withDeadline(ONE_SECOND));

        await().atMost(Duration.ofSeconds(10)).until(() -> db.operation(id).status == OperationStatus.FAILED);
        assertThat(db.operation(id)).hasErrorCode("deadline_exceeded");
        handler.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> handler.lastOutcome(id) != null);
        assertThat(db.operation(id)).hasStatus(OperationStatus.FAILED).hasErrorCode("deadline_exceeded");
    }

    @Test
    void theReaperFailsAnOperationPastItsDeadlineWhoseWorkerIsGone() {
        UUID late = fixtures.anOperation()
                .running("dead-pod")
                .deadlineIn(Duration.ofMinutes(-1))
                .insert();
        UUID onTime = fixtures.anOperation()
                .running("dead-pod")
                .deadlineIn(Duration.ofMinutes(5))
                .insert();

        assertThat(deadlines.runOnce()).isEqualTo(1);
        assertThat(db.operation(late)).hasStatus(OperationStatus.FAILED).hasErrorCode("deadline_exceeded");
        assertThat(db.operation(onTime)).hasStatus(OperationStatus.RUNNING);
        assertThat(deadlines.runOnce()).isZero();
    }

    @Test
    void retentionDeletesOldTerminalOperationsAndNeverActiveOnes() {
        Duration old = Duration.ofHours(25);
        UUID oldCompleted = fixtures.anOperation()
                .status(OperationStatus.COMPLETED)
                .completedAgo(old)
                .createdAgo(old)
                .insert();
        UUID oldFailed = fixtures.anOperation()
                .status(OperationStatus.FAILED)
                .completedAgo(old)
                .createdAgo(old)
                .insert();
        UUID oldCancelled = fixtures.anOperation()
                .status(OperationStatus.CANCELLED)
                .completedAgo(old)
                .createdAgo(old)
                .insert();
        UUID recentCompleted = fixtures.anOperation()
                .status(OperationStatus.COMPLETED)
                .completedAgo(Duration.ofHours(23))
                .insert();
        UUID oldPending = fixtures.anOperation().createdAgo(Duration.ofDays(30)).insert();
        UUID oldRunning = fixtures.anOperation()
                .running("w")
                .createdAgo(Duration.ofDays(30))
                .insert();

        assertThat(retention.runOnce()).isEqualTo(3);

        assertThat(db.operation(oldCompleted)).isNull();
        assertThat(db.operation(oldFailed)).isNull();
        assertThat(db.operation(oldCancelled)).isNull();
        assertThat(db.operation(recentCompleted)).hasStatus(OperationStatus.COMPLETED);
        assertThat(db.operation(oldPending)).hasStatus(OperationStatus.PENDING);
        assertThat(db.operation(oldRunning)).hasStatus(OperationStatus.RUNNING);
        assertThat(retention.runOnce()).isZero();
    }

    @Test
    void retentionWorksThroughMoreThanOneBatch() {
        int count = RetentionReaper.BATCH + 5;
        db.execute("INSERT INTO operation (id, tenant_id, type, status, collection, input, max_attempts, created_at,"
                + " completed_at) SELECT gen_random_uuid(), 'acme', 'ingest_text', 'completed', 'docs', '{}', 3,"
                + " now() - interval '3 days', now() - interval '2 days' FROM generate_series(1, " + count + ")");
        assertThat(retention.runOnce()).isEqualTo(count);
        assertThat(db.count("SELECT count(*) FROM operation")).isZero();
    }
}

package io.ingestops.reaper;

import static io.ingestops.testsupport.OperationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestops.config.IngestConfig;
import io.ingestops.operation.Operation;
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
class StaleHeartbeatTest extends EngineTest {

    @Inject
    StaleHeartbeatReaper reaper;

    @Inject
    IngestConfig config;

    @Test
    void staleHeartbeatIsRetriedElsewhereThenFailedAndLateWritesAreRefused() {
        UUID id = fixtures.anOperation().attempt(0, 2).insert();
        ScriptedHandler frozen = new ScriptedHandler().blocking();
        WorkerNode nodeA = nodes.start("node-a", frozen);
        await().atMost(Duration.ofSeconds(10)).until(() -> "node-a".equals(db.operation(id).workerId));

        // node-a freezes: no heartbeat, no progress, no checkpoint
        nodeA.pauseClaiming();
        nodeA.freezeHeartbeats();
        frozen.stall();

        ScriptedHandler successor = new ScriptedHandler().blocking();
        WorkerNode nodeB = nodes.start("node-b", successor);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            reaper.runOnce();
            Operation op = db.operation(id);
            return op.status == OperationStatus.RUNNING && "node-b".equals(op.workerId);
        });
        assertThat(db.operation(id)).hasAttempt(2);
        assertThat(db.operation(id).claimToken).isEqualTo(2);

        // node-a wakes up: its late write is refused and it stops without touching the operation
        frozen.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> frozen.lastOutcome(id) != null);
        assertThat(frozen.lastOutcome(id)).isEqualTo("JobStoppedException");
        assertThat(db.operation(id))
                .hasStatus(OperationStatus.RUNNING)
                .ranOn("node-b")
                .hasAttempt(2);

        // node-b freezes too; attempts are exhausted, so the operation fails
        nodeB.pauseClaiming();
        nodeB.freezeHeartbeats();
        successor.stall();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            reaper.runOnce();
            return db.operation(id).status == OperationStatus.FAILED;
        });
        assertThat(db.operation(id)).hasErrorCode("heartbeat_timeout").hasAttempt(2);

        successor.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> successor.lastOutcome(id) != null);
        assertThat(successor.lastOutcome(id)).isEqualTo("JobStoppedException");
        assertThat(db.operation(id)).hasStatus(OperationStatus.FAILED).hasErrorCode("heartbeat_timeout");
        assertThat(frozen.runs(id)).isEqualTo(1);
        assertThat(successor.runs(id)).isEqualTo(1);
    }

    @Test
    void aHealthyHeartbeatIsNeverReaped() {
        UUID id = fixtures.anOperation().insert();
        ScriptedHandler handler = new ScriptedHandler().blocking();
        nodes.start("healthy", handler);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.operation(id).status == OperationStatus.RUNNING);

        // stall the job (no progress writes): only the heartbeat thread keeps it alive, across several stale windows
        handler.stall();
        Operation before = db.operation(id);
        // wait until the operation has lived through more than one stale-after window on heartbeats alone
        await().atMost(Duration.ofSeconds(15))
                .until(() -> db.operation(id).heartbeatAt.isAfter(before.heartbeatAt.plus(config.staleAfter())));
        StaleHeartbeatReaper.Outcome outcome = reaper.runOnce();
        assertThat(outcome.retried() + outcome.failed() + outcome.cancelled()).isZero();
        Operation after = db.operation(id);
        assertThat(after).hasStatus(OperationStatus.RUNNING).ranOn("healthy").hasAttempt(1);
        assertThat(after.heartbeatAt).isAfter(before.heartbeatAt);
        handler.release();
    }

    @Test
    void aStaleOperationWithACancelRequestIsCancelledNotRetried() {
        UUID id = fixtures.anOperation()
                .running("gone")
                .heartbeatAgo(Duration.ofMinutes(5))
                .insert();
        db.execute("UPDATE operation SET cancel_requested = true, changed_by = 'user:tester'");
        assertThat(reaper.runOnce().cancelled()).isEqualTo(1);
        assertThat(db.operation(id)).hasStatus(OperationStatus.CANCELLED);
    }

    @Test
    void retriesBackOffExponentiallyOnTheDatabaseClock() {
        UUID first = fixtures.anOperation()
                .running("gone")
                .attempt(1, 5)
                .heartbeatAgo(Duration.ofMinutes(5))
                .insert();
        UUID third = fixtures.anOperation()
                .running("gone")
                .attempt(3, 5)
                .heartbeatAgo(Duration.ofMinutes(5))
                .insert();
        assertThat(reaper.runOnce().retried()).isEqualTo(2);
        // test profile backoff is 100 ms: attempt 1 waits 100 ms, attempt 3 waits 400 ms
        double firstWait = db.count("SELECT (extract(epoch FROM not_before - updated_at) * 1000)::bigint FROM operation"
                + " WHERE id = '" + first + "'");
        double thirdWait = db.count("SELECT (extract(epoch FROM not_before - updated_at) * 1000)::bigint FROM operation"
                + " WHERE id = '" + third + "'");
        assertThat(firstWait).isEqualTo(100);
        assertThat(thirdWait).isEqualTo(400);
        assertThat(db.operation(first)).hasStatus(OperationStatus.PENDING);
        assertThat(db.operation(first).workerId).isNull();
    }
}

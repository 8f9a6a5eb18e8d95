package io.ingestops.worker;

import static io.ingestops.testsupport.OperationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestops.operation.Actor;
import io.ingestops.operation.OperationRepository;
import io.ingestops.operation.OperationStatus;
import io.ingestops.testsupport.EngineTest;
import io.ingestops.testsupport.ScriptedHandler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A cancel request reaches the running job through NOTIFY, not at the next heartbeat. */
@QuarkusTest
class CancelNotificationTest extends EngineTest {

    @Inject
    OperationRepository repository;

    @Test
    void aCancelRequestStopsTheJobWithoutWaitingForAHeartbeat() {
        UUID id = fixtures.anOperation().insert();
        ScriptedHandler handler = new ScriptedHandler().blocking();
        // no heartbeat round for ten minutes (and the reapers are paused): only the notification can stop it
        WorkerNode node = nodes.start("listening", handler, s -> s.withHeartbeatInterval(Duration.ofMinutes(10)));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.runningCount() == 1);

        assertThat(repository.requestCancel(id, "acme", Actor.user("tester"))).isTrue();

        await().atMost(Duration.ofSeconds(20)).until(() -> db.operation(id).status == OperationStatus.CANCELLED);
        assertThat(db.operation(id)).hasAttempt(1).ranOn("listening");
        assertThat(handler.lastOutcome(id)).isEqualTo("JobStoppedException");
    }

    @Test
    void aCancelForAnotherNodesOperationLeavesThisNodesJobRunning() {
        UUID mine = fixtures.anOperation().insert();
        ScriptedHandler handler = new ScriptedHandler().blocking();
        WorkerNode node = nodes.start("bystander", handler, s -> s.withHeartbeatInterval(Duration.ofMinutes(10)));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.runningCount() == 1);

        node.cancelRequested(UUID.randomUUID());
        UUID other = fixtures.anOperation().insert();
        repository.notifyWork();
        handler.release();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> db.operation(mine).status == OperationStatus.COMPLETED
                        && db.operation(other).status == OperationStatus.COMPLETED);
    }
}

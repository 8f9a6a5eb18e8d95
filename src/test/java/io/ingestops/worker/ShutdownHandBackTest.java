package io.ingestops.worker;

import static io.ingestops.testsupport.OperationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestops.operation.Operation;
import io.ingestops.operation.OperationStatus;
import io.ingestops.testsupport.EngineTest;
import io.ingestops.testsupport.ScriptedHandler;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ShutdownHandBackTest extends EngineTest {

    @Test
    void shutdownHandsRunningWorkBackWithoutCountingAnAttempt() {
        List<UUID> ids = IntStream.range(0, 3)
                .mapToObj(i -> fixtures.anOperation().insert())
                .toList();
        ScriptedHandler handler = new ScriptedHandler().blocking();
        WorkerNode leaving = nodes.start("leaving", handler, s -> s.withMaxConcurrent(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> leaving.runningCount() == 3);

        leaving.shutdown();

        assertThat(db.count("SELECT count(*) FROM operation WHERE status = 'running'"))
                .isZero();
        for (UUID id : ids) {
            Operation op = db.operation(id);
            assertThat(op).hasStatus(OperationStatus.PENDING).hasAttempt(1);
            assertThat(op.workerId).isNull();
            assertThat(handler.lastOutcome(id)).isEqualTo("JobStoppedException");
        }

        ScriptedHandler successorHandler = new ScriptedHandler();
        nodes.start("successor", successorHandler, s -> s.withMaxConcurrent(3));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> db.count("SELECT count(*) FROM operation WHERE status = 'completed'") == 3);
        for (UUID id : ids) {
            Operation op = db.operation(id);
            assertThat(op).hasStatus(OperationStatus.COMPLETED).hasAttempt(1).ranOn("successor");
            assertThat(op.claimToken).isEqualTo(2);
        }
    }

    @Test
    void aJobThatIgnoresTheStopIsHandedBackAfterTheGracePeriod() {
        UUID id = fixtures.anOperation().insert();
        ScriptedHandler handler = new ScriptedHandler().ignoringStops();
        WorkerNode leaving = nodes.start("stubborn", handler, s -> s.withShutdownGrace(Duration.ofMillis(300)));
        await().atMost(Duration.ofSeconds(10)).until(() -> leaving.runningCount() == 1);

        leaving.shutdown();

        assertThat(db.operation(id)).hasStatus(OperationStatus.PENDING).hasAttempt(1);
        // whatever the wedged job does once it moves again, the hand-back stands
        handler.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> handler.lastOutcome(id) != null);
        assertThat(db.operation(id)).hasStatus(OperationStatus.PENDING);
    }

    @Test
    void aStoppedNodeClaimsNothing() {
        WorkerNode node = nodes.start("stopped", new ScriptedHandler());
        node.shutdown();
        UUID id = fixtures.anOperation().insert();
        node.wake();
        assertThat(node.isClaiming()).isFalse();
        // the application's own node is paused, so the only way this would run is the stopped node
        ScriptedHandler other = new ScriptedHandler();
        nodes.start("other", other);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.operation(id).status == OperationStatus.COMPLETED);
        assertThat(db.operation(id)).ranOn("other");
    }
}

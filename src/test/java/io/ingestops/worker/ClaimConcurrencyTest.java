package io.ingestops.worker;

import static io.ingestops.testsupport.OperationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestops.operation.OperationRepository;
import io.ingestops.operation.OperationStatus;
import io.ingestops.testsupport.EngineTest;
import io.ingestops.testsupport.ScriptedHandler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClaimConcurrencyTest extends EngineTest {

    @Inject
    OperationRepository repository;

    @Test
    void threeDispatchersRunEveryOperationExactlyOnce() {
        int count = 150;
        List<UUID> ids = IntStream.range(0, count)
                .mapToObj(i -> fixtures.anOperation().insert())
                .toList();
        ScriptedHandler handler = new ScriptedHandler();
        nodes.start("node-a", handler, s -> s.withMaxConcurrent(4));
        nodes.start("node-b", handler, s -> s.withMaxConcurrent(4));
        nodes.start("node-c", handler, s -> s.withMaxConcurrent(4));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> db.count("SELECT count(*) FROM operation WHERE status = 'completed'") == count);

        ids.forEach(id -> assertThat(handler.runs(id)).as("runs of %s", id).isEqualTo(1));
        assertThat(handler.totalRuns()).isEqualTo(count);
        assertThat(db.count("SELECT count(*) FROM operation WHERE attempt <> 1 OR claim_token <> 1"))
                .isZero();
        assertThat(db.count("SELECT count(DISTINCT worker_id) FROM operation")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shortJobsCompleteInSharedCommits() {
        int count = 200;
        IntStream.range(0, count).forEach(i -> fixtures.anOperation().insert());
        nodes.start("grouped", new ScriptedHandler(), s -> s.withMaxConcurrent(8));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> db.count("SELECT count(*) FROM operation WHERE status = 'completed'") == count);

        // now() is the transaction's start: operations completed by one statement share completed_at
        long commits = db.count("SELECT count(DISTINCT completed_at) FROM operation");
        assertThat(commits).isLessThan(count / 2);
        assertThat(db.count("SELECT count(*) FROM operation WHERE attempt <> 1 OR claim_token <> 1"))
                .isZero();
    }

    @Test
    void operationsClaimedAheadWaitForASlotAndGoBackUnrunAtShutdown() {
        List<UUID> ids = IntStream.range(0, 4)
                .mapToObj(i -> fixtures.anOperation().insert())
                .toList();
        ScriptedHandler handler = new ScriptedHandler().blocking();
        WorkerNode node =
                nodes.start("ahead", handler, s -> s.withMaxConcurrent(1).withClaimAhead(2));

        await().atMost(Duration.ofSeconds(10)).until(() -> node.runningCount() == 3);
        assertThat(db.count("SELECT count(*) FROM operation WHERE status = 'running' AND worker_id = 'ahead'"))
                .isEqualTo(3);
        assertThat(db.count("SELECT count(*) FROM operation WHERE status = 'pending'"))
                .isEqualTo(1);
        assertThat(handler.totalRuns()).as("handlers started").isEqualTo(1);

        node.shutdown();

        assertThat(db.count("SELECT count(*) FROM operation WHERE status = 'pending' AND attempt <= 1"))
                .isEqualTo(4);
        assertThat(handler.totalRuns())
                .as("the two waiting never reached their handler")
                .isEqualTo(1);
        assertThat(ids).allSatisfy(id -> assertThat(db.operation(id).workerId).isNull());
    }

    @Test
    void aSubmissionWakesAnIdleDispatcherThroughNotify() {
        ScriptedHandler handler = new ScriptedHandler();
        WorkerNode idle = nodes.start("idle", handler, s -> s.withPollInterval(Duration.ofMinutes(2)));
        // past its first claim round, the dispatcher now waits up to two minutes unless woken
        await().atMost(Duration.ofSeconds(10)).until(() -> idle.lastTickAgeMillis() > 300);

        UUID id = fixtures.anOperation().insert();
        repository.notifyWork();

        await().atMost(Duration.ofSeconds(10)).until(() -> db.operation(id).status == OperationStatus.COMPLETED);
        assertThat(db.operation(id)).ranOn("idle");
    }

    @Test
    void higherPriorityRunsFirstThenOlder() {
        UUID oldLow = fixtures.anOperation()
                .priority(1)
                .createdAgo(Duration.ofMinutes(5))
                .insert();
        UUID newHigh = fixtures.anOperation().priority(9).insert();
        UUID oldMid = fixtures.anOperation()
                .priority(5)
                .createdAgo(Duration.ofMinutes(2))
                .insert();
        UUID newMid = fixtures.anOperation().priority(5).insert();
        nodes.start("solo", new ScriptedHandler(), s -> s.withMaxConcurrent(1));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> db.count("SELECT count(*) FROM operation WHERE status = 'completed'") == 4);

        List<UUID> byStart = List.of(newHigh, oldMid, newMid, oldLow);
        for (int i = 1; i < byStart.size(); i++) {
            assertThat(db.operation(byStart.get(i - 1)).startedAt).isBefore(db.operation(byStart.get(i)).startedAt);
        }
        assertThat(db.operation(oldLow)).hasStatus(OperationStatus.COMPLETED).hasAttempt(1);
    }

    @Test
    void aNodeNeverRunsMoreThanItsCapacity() {
        IntStream.range(0, 6).forEach(i -> fixtures.anOperation().insert());
        ScriptedHandler handler = new ScriptedHandler().blocking();
        WorkerNode node = nodes.start("bounded", handler, s -> s.withMaxConcurrent(2));

        await().atMost(Duration.ofSeconds(10)).until(() -> node.runningCount() == 2);
        assertThat(db.count("SELECT count(*) FROM operation WHERE status = 'running'"))
                .isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM operation WHERE status = 'pending'"))
                .isEqualTo(4);

        handler.release();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> db.count("SELECT count(*) FROM operation WHERE status = 'completed'") == 6);
    }
}

package io.ingestops.worker;

import static io.ingestops.testsupport.OperationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestops.operation.Actor;
import io.ingestops.operation.OperationRepository;
import io.ingestops.operation.OperationStatus;
import io.ingestops.testsupport.EngineTest;
import io.ingestops.testsupport.QuickAndSlowHandler;
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
        // a claim_token above 1 is an operation claimed ahead and handed back unrun to a replica with a free slot
        assertThat(db.count("SELECT count(*) FROM operation WHERE attempt <> 1"))
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
        QuickAndSlowHandler handler = new QuickAndSlowHandler();
        List<UUID> slow = shortJobsThenSlowOnes(handler, 3);
        WorkerNode node = nodes.start("ahead", handler, s -> s.withMaxConcurrent(1)
                .withClaimAhead(2)
                .withClaimAheadWait(Duration.ofMinutes(1)));

        // the short jobs taught it to claim ahead: the slow ones behind the first are held, waiting for the slot
        // (the node counts a claim as running when the claim returns, a moment before its handler starts)
        await().atMost(Duration.ofSeconds(10))
                .until(() -> node.runningCount() == 3 && handler.starts(slow.get(0)) == 1);
        assertThat(db.count("SELECT count(*) FROM operation WHERE status = 'running' AND worker_id = 'ahead'"))
                .isEqualTo(3);

        node.shutdown();

        assertThat(slow).allSatisfy(id -> {
            assertThat(db.operation(id).status).isEqualTo(OperationStatus.PENDING);
            assertThat(db.operation(id).attempt).isLessThanOrEqualTo(1);
            assertThat(db.operation(id).workerId).isNull();
        });
        assertThat(handler.starts(slow.get(1)) + handler.starts(slow.get(2)))
                .as("the two waiting never reached their handler")
                .isZero();
    }

    @Test
    void aSlowOperationClaimedAheadGoesToAFreeReplicaInsteadOfWaiting() {
        QuickAndSlowHandler handler = new QuickAndSlowHandler();
        List<UUID> slow = shortJobsThenSlowOnes(handler, 2);
        UUID first = slow.get(0);
        UUID second = slow.get(1);
        Duration wait = Duration.ofSeconds(1);
        // the second slow operation is claimed ahead by the busy replica, behind the first
        startHoldingTheSecondBehindTheFirst("busy", handler, slow, s -> s.withMaxConcurrent(1)
                .withClaimAhead(4)
                .withClaimAheadWait(wait));

        nodes.start("free", handler, s -> s.withMaxConcurrent(1));

        // it goes to the replica with a free slot after the claim-ahead wait, while the first still runs
        await().atMost(Duration.ofSeconds(10)).until(() -> handler.starts(second) == 1);
        assertThat(db.operation(second)).ranOn("free");
        assertThat(db.operation(second).attempt)
                .as("the hand-back is not an attempt")
                .isEqualTo(1);
        assertThat(db.operation(first).status).isEqualTo(OperationStatus.RUNNING);
        assertThat(handler.starts(first)).isEqualTo(1);
        handler.release();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> db.operation(first).status == OperationStatus.COMPLETED
                        && db.operation(second).status == OperationStatus.COMPLETED);
    }

    @Test
    void aCancelledOperationClaimedAheadIsCancelledAtOnceNotWhenASlotFrees() {
        QuickAndSlowHandler handler = new QuickAndSlowHandler();
        List<UUID> slow = shortJobsThenSlowOnes(handler, 2);
        UUID running = slow.get(0);
        UUID waiting = slow.get(1);
        WorkerNode node = startHoldingTheSecondBehindTheFirst("holding", handler, slow, s -> s.withMaxConcurrent(1)
                .withClaimAhead(2)
                .withClaimAheadWait(Duration.ofMinutes(1)));

        assertThat(repository.requestCancel(waiting, db.operation(waiting).tenantId, Actor.user("tester")))
                .isTrue();
        node.cancelRequested(waiting); // as the NOTIFY would

        await().atMost(Duration.ofSeconds(5)).until(() -> db.operation(waiting).status == OperationStatus.CANCELLED);
        assertThat(handler.starts(waiting)).as("never ran").isZero();
        assertThat(db.operation(running).status).isEqualTo(OperationStatus.RUNNING);
        // its slot was given back: once the slow one ends, the node runs new work
        handler.release();
        UUID next = fixtures.anOperation().insert();
        repository.notifyWork();
        await().atMost(Duration.ofSeconds(10)).until(() -> db.operation(next).status == OperationStatus.COMPLETED);
        assertThat(node.runningCount()).isZero();
    }

    @Test
    void anOperationClaimedAheadThatPassesItsDeadlineWhileWaitingIsFailedAndLeavesNothingBehind() {
        QuickAndSlowHandler handler = new QuickAndSlowHandler();
        List<UUID> slow = shortJobsThenSlowOnes(handler, 2);
        UUID running = slow.get(0);
        UUID waiting = slow.get(1);
        // every claim's deadline is 3 s away; the claimed-ahead one is never handed back (1 min wait)
        WorkerNode node = startHoldingTheSecondBehindTheFirst("late", handler, slow, s -> s.withMaxConcurrent(1)
                .withClaimAhead(2)
                .withClaimAheadWait(Duration.ofMinutes(1))
                .withDeadline(new io.ingestops.operation.DeadlinePolicy(
                        Duration.ofSeconds(3), Duration.ZERO, Duration.ofSeconds(3), Duration.ofHours(1))));
        // the running one gets more time (deadlines are judged in the database), so the slot stays taken
        db.execute("UPDATE operation SET deadline_at = now() + interval '1 minute' WHERE id = '" + running + "'");

        await().atMost(Duration.ofSeconds(10)).until(() -> db.operation(waiting).status == OperationStatus.FAILED);
        assertThat(db.operation(waiting).errorCode).isEqualTo("deadline_exceeded");
        assertThat(handler.starts(waiting)).as("never ran").isZero();
        assertThat(db.operation(running).status).isEqualTo(OperationStatus.RUNNING);
        handler.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> db.operation(running).status == OperationStatus.COMPLETED);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.runningCount() == 0);
    }

    /**
     * Starts a one-slot node that learns from the quick operations to claim ahead, and waits until it
     * runs the first slow operation and holds the second, claimed ahead and not started.
     */
    private WorkerNode startHoldingTheSecondBehindTheFirst(
            String workerId,
            QuickAndSlowHandler handler,
            List<UUID> slow,
            java.util.function.UnaryOperator<WorkerSettings> settings) {
        WorkerNode node = nodes.start(workerId, handler, settings);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> workerId.equals(db.operation(slow.get(1)).workerId) && handler.starts(slow.get(0)) == 1);
        assertThat(handler.starts(slow.get(1))).isZero();
        return node;
    }

    /** Fifty quick operations, then {@code count} slow ones (oldest first), all pending. */
    private List<UUID> shortJobsThenSlowOnes(QuickAndSlowHandler handler, int count) {
        IntStream.range(0, 50).forEach(i -> fixtures.anOperation()
                .createdAgo(Duration.ofMinutes(10))
                .insert());
        List<UUID> slow = IntStream.range(0, count)
                .mapToObj(i -> fixtures.anOperation()
                        .createdAgo(Duration.ofMinutes(5 - i))
                        .insert())
                .toList();
        slow.forEach(handler::slow);
        return slow;
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
        QuickAndSlowHandler handler = new QuickAndSlowHandler();
        // one slot: after the first (short) job, the other three are claimed ahead in one claim
        nodes.start("solo", handler, s -> s.withMaxConcurrent(1));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> db.count("SELECT count(*) FROM operation WHERE status = 'completed'") == 4);

        assertThat(handler.startOrder()).containsExactly(newHigh, oldMid, newMid, oldLow);
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

package io.ingestops.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestops.operation.Operation;
import io.ingestops.operation.OperationStatus;
import io.ingestops.testsupport.EngineTest;
import io.ingestops.testsupport.ScriptedHandler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Waiters (`/wait`, `?sync=true`) are woken by the change notifications of their operation. */
@QuarkusTest
class OperationWatchTest extends EngineTest {

    @Inject
    OperationEventHub hub;

    @Inject
    OperationWaiter waiter;

    @Test
    void aWatchHearsChangesOfItsOperationOnlyAndNothingOnceClosed() {
        UUID id = fixtures.anOperation().insert();
        UUID other = fixtures.anOperation().insert();
        awaitNotificationsSoFar();
        AtomicInteger first = new AtomicInteger();
        AtomicInteger others = new AtomicInteger();
        OperationEventHub.Watch watch = hub.watch(id, first::incrementAndGet);
        OperationEventHub.Watch otherWatch = hub.watch(other, others::incrementAndGet);

        touch(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.get() == 1);

        watch.close();
        AtomicInteger second = new AtomicInteger();
        try (OperationEventHub.Watch later = hub.watch(id, second::incrementAndGet)) {
            touch(id);
            // notifications are handled one at a time, in commit order, on the listener thread
            await().atMost(Duration.ofSeconds(10)).until(() -> second.get() == 1);
        }
        assertThat(first.get()).as("calls after close").isEqualTo(1);
        assertThat(others.get()).as("calls for changes of another operation").isZero();
        otherWatch.close();
    }

    @Test
    void aWaiterAnswersWithTheFinishedOperation() throws Exception {
        UUID id = fixtures.anOperation().insert();
        ScriptedHandler handler = new ScriptedHandler().blocking();
        nodes.start("waited-on", handler);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.operation(id).status == OperationStatus.RUNNING);

        CompletableFuture<Operation> answer =
                CompletableFuture.supplyAsync(() -> waiter.awaitDone("acme", id, Duration.ofSeconds(30)));
        handler.release();

        assertThat(answer.get().status).isEqualTo(OperationStatus.COMPLETED);
    }

    /** Returns once every notification committed so far (the inserts' too) has been handled. */
    private void awaitNotificationsSoFar() {
        UUID barrier = fixtures.anOperation().insert();
        AtomicInteger heard = new AtomicInteger();
        try (OperationEventHub.Watch watch = hub.watch(barrier, heard::incrementAndGet)) {
            touch(barrier);
            // heard its insert or its touch: either way every earlier commit's notification was handled
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.get() >= 1);
        }
    }

    private void touch(UUID id) {
        db.execute("UPDATE operation SET updated_at = clock_timestamp() WHERE id = '" + id + "'");
    }
}

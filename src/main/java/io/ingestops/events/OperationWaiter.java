package io.ingestops.events;

import io.ingestops.operation.Operation;
import io.ingestops.operation.OperationService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Waits for an operation to reach a terminal state, whichever replica runs it (`/wait`,
 * `?sync=true`): re-reads its row when the change notification for it arrives, and at least once
 * a second should a notification be lost; answers its state as it is when the time is up, or at
 * once when the replica starts shutting down.
 */
@ApplicationScoped
public class OperationWaiter {

    /** The safety net: a lost notification costs at most this much. */
    static final Duration POLL = Duration.ofSeconds(1);

    private final OperationService operations;
    private final OperationEventHub hub;

    public OperationWaiter(OperationService operations, OperationEventHub hub) {
        this.operations = operations;
        this.hub = hub;
    }

    public Operation awaitDone(String tenantId, UUID id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore changed = new Semaphore(0);
        // watch before the first read, so that no change falls between the read and the watch
        try (OperationEventHub.Watch watch = hub.watch(id, changed::release)) {
            Operation current = operations.get(tenantId, id);
            // a replica that is shutting down answers at once with the current state
            while (!current.isDone() && System.nanoTime() < deadline && !hub.isClosing()) {
                long wait = Math.min(POLL.toNanos(), Math.max(0, deadline - System.nanoTime()));
                changed.tryAcquire(wait, TimeUnit.NANOSECONDS);
                changed.drainPermits();
                current = operations.get(tenantId, id);
            }
            return current;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return operations.get(tenantId, id);
        }
    }
}

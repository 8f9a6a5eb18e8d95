package io.ingestops.operation;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for an operation to reach a terminal state, whichever replica runs it, by re-reading its
 * row at a short interval; answers its state as it is when the time is up.
 */
@ApplicationScoped
public class OperationWaiter {

    static final Duration POLL = Duration.ofMillis(100);

    private final OperationService operations;

    public OperationWaiter(OperationService operations) {
        this.operations = operations;
    }

    public Operation awaitDone(String tenantId, UUID id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Operation current = operations.get(tenantId, id);
        while (!current.isDone()
                && System.nanoTime() < deadline
                && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(Math.min(POLL.toNanos(), Math.max(0, deadline - System.nanoTime())));
            current = operations.get(tenantId, id);
        }
        return current;
    }
}

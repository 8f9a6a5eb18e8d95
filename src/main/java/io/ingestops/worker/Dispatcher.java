package io.ingestops.worker;

import io.ingestops.operation.ClaimedOperation;
import io.ingestops.operation.DeadlinePolicy;
import io.ingestops.operation.OperationRepository;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Claims pending operations for its node whenever it has free slots. Wakes on NOTIFY (through
 * {@link #wake()}), when a job finishes, and otherwise every poll interval.
 */
final class Dispatcher implements Runnable {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final String workerId;
    private final OperationRepository repository;
    private final DeadlinePolicy deadline;
    private final Duration pollInterval;
    private final IntSupplier freeSlots;
    private final ClaimListener claimed;
    private final Consumer<ClaimedOperation> start;
    private final Semaphore wakeups = new Semaphore(0);

    private volatile boolean running = true;
    private volatile boolean claiming = true;
    private volatile long lastTickNanos = System.nanoTime();

    Dispatcher(
            String workerId,
            OperationRepository repository,
            DeadlinePolicy deadline,
            Duration pollInterval,
            IntSupplier freeSlots,
            ClaimListener claimed,
            Consumer<ClaimedOperation> start) {
        this.workerId = workerId;
        this.repository = repository;
        this.deadline = deadline;
        this.pollInterval = pollInterval;
        this.freeSlots = freeSlots;
        this.claimed = claimed;
        this.start = start;
    }

    @Override
    public void run() {
        while (running) {
            lastTickNanos = System.nanoTime();
            if (claiming && claimOnce()) {
                continue; // every free slot was filled: there may be more work right away
            }
            try {
                wakeups.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Claims for every free slot; true if it filled them all. */
    private boolean claimOnce() {
        int free = freeSlots.getAsInt();
        if (free <= 0) {
            return false;
        }
        try {
            List<ClaimedOperation> got = repository.claim(workerId, free, deadline);
            claimed.claimed(free, got.size());
            got.forEach(start);
            return got.size() == free;
        } catch (RuntimeException e) {
            LOG.warnf("claim failed, retrying in %s: %s", pollInterval, e.getMessage());
            return false;
        }
    }

    /** Told how full each claim came back. */
    interface ClaimListener {
        void claimed(int asked, int got);
    }

    void wake() {
        wakeups.release();
    }

    void setClaiming(boolean claiming) {
        this.claiming = claiming;
        wake();
    }

    boolean isClaiming() {
        return claiming;
    }

    void stop() {
        running = false;
        claiming = false;
        wake();
    }

    long lastTickAgeMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastTickNanos);
    }
}

package io.ingestops.reaper;

import io.ingestops.metrics.OperationMetrics;
import io.ingestops.operation.OperationRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Runs the housekeeping on every replica; only delegates. Exclusion across replicas comes from SQL. */
@ApplicationScoped
public class ReaperScheduler {

    private static final Logger LOG = Logger.getLogger(ReaperScheduler.class);

    private final StaleHeartbeatReaper staleHeartbeats;
    private final DeadlineReaper deadlines;
    private final RetentionReaper retention;
    private final OperationRepository repository;
    private final OperationMetrics metrics;
    private final Instance<Housekeeping> otherHousekeeping;
    private volatile long lastTickNanos = System.nanoTime();
    // held for a whole tick, so pause() can wait out one in progress (the scheduler's own pause cannot)
    private final ReentrantLock tickLock = new ReentrantLock();
    private volatile boolean paused;

    public ReaperScheduler(
            StaleHeartbeatReaper staleHeartbeats,
            DeadlineReaper deadlines,
            RetentionReaper retention,
            OperationRepository repository,
            OperationMetrics metrics,
            Instance<Housekeeping> otherHousekeeping) {
        this.otherHousekeeping = otherHousekeeping;
        this.staleHeartbeats = staleHeartbeats;
        this.deadlines = deadlines;
        this.retention = retention;
        this.repository = repository;
        this.metrics = metrics;
    }

    @Scheduled(
            identity = "reapers",
            every = "${ingest.reaper-interval}",
            delayed = "${ingest.reaper-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        tickLock.lock();
        try {
            if (paused) {
                return;
            }
            lastTickNanos = System.nanoTime();
            // deadlines first: an operation past its deadline must not be retried as merely stale
            guarded("deadline", deadlines::runOnce);
            guarded("stale_heartbeat", staleHeartbeats::runOnce);
            guarded("retention", retention::runOnce);
            guarded("queue_depth", () -> {
                metrics.queueDepth(repository.countPending());
                return null;
            });
            // after retention, so uploads of operations it just deleted go in the same tick
            for (Housekeeping housekeeping : otherHousekeeping) {
                guarded(housekeeping.name(), housekeeping::runOnce);
            }
        } finally {
            tickLock.unlock();
        }
    }

    /**
     * Stops the housekeeping on this replica; returns once no tick is running, so a caller (a test
     * arranging rows a reaper would move) knows none acts until {@link #resume()}.
     */
    public void pause() {
        tickLock.lock();
        try {
            paused = true;
        } finally {
            tickLock.unlock();
        }
    }

    public void resume() {
        paused = false;
    }

    public long lastTickAgeMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastTickNanos);
    }

    // one failing reaper must not stop the others, nor the next tick
    private void guarded(String name, Supplier<?> reaper) {
        try {
            reaper.get();
        } catch (RuntimeException e) {
            metrics.housekeepingError(name);
            LOG.errorf(e, "housekeeping %s failed; will retry next tick", name);
        }
    }
}

package io.ingestops.worker;

import io.ingestops.operation.ClaimedOperation;
import io.ingestops.operation.OperationRepository;
import io.ingestops.operation.ProgressSnapshot;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/** One claimed operation running on this node: the handler's {@link JobContext} and the engine's handle on it. */
final class RunningJob implements JobContext {

    private static final int WAITING = 0;
    private static final int RUNNING = 1;
    private static final int WITHDRAWN = 2;

    private final ClaimedOperation claim;
    private final OperationRepository repository;
    private final WorkerSettings settings;
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private final Object pauseMonitor = new Object();
    private final long startedNanos = System.nanoTime();
    /** WAITING for a thread, then RUNNING its handler, or WITHDRAWN (handed back unrun) while it waited. */
    private final AtomicInteger phase = new AtomicInteger(WAITING);

    private volatile long runStartedNanos;
    private volatile boolean runEnded;

    private volatile Object partialResult;
    private String largeInput;
    private volatile Future<?> future;
    private volatile Future<?> deadlineCheck;

    // Progress and the item count are written at most once per progress interval, from the job's
    // thread when it reports past the interval, or else by a flush scheduled for the end of the
    // interval: a job shorter than the interval writes none (its completion carries the totals),
    // and what a longer one reported shows within the interval.
    private final Scheduler scheduler;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private volatile Future<?> flush;
    private volatile Integer totalItems;
    private volatile boolean totalsPending;
    private volatile ProgressSnapshot lastProgress;
    private volatile long reported;
    private long written; // guarded by writeLock
    private volatile long lastWriteNanos;

    /** Runs a short task later on another thread (the node's heartbeat thread). */
    interface Scheduler {
        Future<?> runAfter(long delayMillis, Runnable task);
    }

    RunningJob(ClaimedOperation claim, OperationRepository repository, WorkerSettings settings, Scheduler scheduler) {
        this.claim = claim;
        this.repository = repository;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    ClaimedOperation claim() {
        return claim;
    }

    long startedNanos() {
        return startedNanos;
    }

    /** The handler takes its thread; false if the job was withdrawn while it waited for one. */
    boolean beginRun() {
        if (!phase.compareAndSet(WAITING, RUNNING)) {
            return false;
        }
        runStartedNanos = System.nanoTime();
        lastWriteNanos = runStartedNanos;
        return true;
    }

    /** The handler returned; the run time for the claim-ahead estimate. */
    long endRun() {
        runEnded = true;
        return System.nanoTime() - runStartedNanos;
    }

    /** How long the handler has been running at {@code nowNanos}; 0 while it waits or once it returned. */
    long runningNanos(long nowNanos) {
        return phase.get() == RUNNING && !runEnded ? nowNanos - runStartedNanos : 0;
    }

    /**
     * Takes back a job still waiting for a thread, so its operation can be handed back unrun; false
     * if its handler has started or a stop (cancel, shutdown) is pending, which the handler's first
     * checkpoint will handle.
     */
    boolean withdraw() {
        return stopReason.get() == null && phase.compareAndSet(WAITING, WITHDRAWN);
    }

    /**
     * Takes back a job still waiting for a thread whatever stop is pending, so the node can finish
     * its operation without running it; false once its handler has started.
     */
    boolean withdrawUnstarted() {
        return phase.compareAndSet(WAITING, WITHDRAWN);
    }

    long claimToken() {
        return claim.claimToken();
    }

    void attach(Future<?> future) {
        this.future = future;
    }

    void watchDeadline(Future<?> deadlineCheck) {
        this.deadlineCheck = deadlineCheck;
    }

    /** Drops the extra heartbeat scheduled for the deadline and any pending progress flush, once the job is over. */
    void cancelDeadlineCheck() {
        for (Future<?> scheduled : new Future<?>[] {deadlineCheck, flush}) {
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    /** Asks the job to stop at its next checkpoint; the first reason wins. */
    void requestStop(StopReason reason) {
        if (stopReason.compareAndSet(null, reason)) {
            synchronized (pauseMonitor) {
                pauseMonitor.notifyAll();
            }
        }
    }

    /** Stops the job and interrupts its thread (used once its operation is already finished elsewhere). */
    void interrupt() {
        Future<?> running = future;
        if (running != null) {
            running.cancel(true);
        }
    }

    StopReason stopReason() {
        return stopReason.get();
    }

    Object partialResult() {
        return partialResult;
    }

    /** Progress for the final write: everything processed, at 100 %. */
    ProgressSnapshot finalProgress() {
        ProgressSnapshot last = lastProgress;
        if (last == null) {
            return new ProgressSnapshot("processing", 100.0, totalItems, 0, 0, null);
        }
        return new ProgressSnapshot(
                last.stage(), 100.0, last.totalItems(), last.processedItems(), last.failedItems(), null);
    }

    /**
     * The deadline in seconds the item count implies, if the count was never written (the job was
     * shorter than the progress interval); null otherwise. For the completion to record.
     */
    Double unwrittenItemDeadlineSeconds() {
        Integer total = totalItems;
        return totalsPending && total != null ? settings.deadline().expectedSeconds(total) : null;
    }

    @Override
    public UUID operationId() {
        return claim.id();
    }

    @Override
    public String tenantId() {
        return claim.tenantId();
    }

    @Override
    public String collection() {
        return claim.collection();
    }

    @Override
    public String inputJson() {
        String input = claim.inputJson();
        if (input != null) {
            return input;
        }
        if (largeInput == null) { // read on the job's thread, once, when the handler asks for it
            largeInput = repository.input(claim.id(), claim.claimToken());
            if (largeInput == null) {
                lose();
            }
        }
        return largeInput;
    }

    @Override
    public int attempt() {
        return claim.attempt();
    }

    @Override
    public void checkpoint() {
        StopReason reason = stopReason.get();
        if (reason != null) {
            throw new JobStoppedException(reason);
        }
    }

    @Override
    public void setTotalItems(int items) {
        checkpoint();
        this.totalItems = items;
        this.totalsPending = true;
        reported();
    }

    @Override
    public void progress(String stage, int processedItems, int failedItems, String currentItem) {
        checkpoint();
        Integer total = totalItems;
        double percentage =
                total == null || total == 0 ? 0.0 : Math.min(100.0, Math.round(processedItems * 1000.0 / total) / 10.0);
        lastProgress = new ProgressSnapshot(stage, percentage, total, processedItems, failedItems, currentItem);
        reported();
    }

    /** Writes what was reported and not yet written (before a failure or cancellation is written). */
    void flushProgress() {
        writeReported(true);
    }

    private void reported() {
        reported++; // only the job's thread reports
        long wait = lastWriteNanos + settings.progressInterval().toNanos() - System.nanoTime();
        if (wait <= 0) {
            writeReported(true);
            checkpoint(); // a lost claim stops the job here
        } else if (flushScheduled.compareAndSet(false, true)) {
            flush = scheduler.runAfter(TimeUnit.NANOSECONDS.toMillis(wait) + 1, this::scheduledFlush);
        }
    }

    private void scheduledFlush() {
        flushScheduled.set(false);
        if (stopReason.get() == null && !runEnded) {
            try {
                writeReported(false);
            } catch (RuntimeException e) {
                // the job's next report or its final write meets the same failure and handles it
            }
        }
    }

    /**
     * Writes the item count (recomputing the deadline) and the latest progress if either changed
     * since the last write. The job's thread waits for the lock; a scheduled flush gives way to it.
     */
    private void writeReported(boolean jobThread) {
        if (jobThread) {
            writeLock.lock();
        } else if (!writeLock.tryLock()) {
            return; // the job's thread is writing the latest report now
        }
        try {
            long version = reported;
            if (version == written) {
                return;
            }
            boolean held = true;
            if (totalsPending) {
                totalsPending = false;
                held = repository.setTotalItems(claim.id(), claim.claimToken(), totalItems, settings.deadline());
            }
            ProgressSnapshot progress = lastProgress;
            if (held && progress != null) {
                held = repository.writeProgress(claim.id(), claim.claimToken(), progress);
            }
            written = version;
            lastWriteNanos = System.nanoTime();
            if (!held) {
                requestStop(StopReason.LOST);
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void reportResult(Object result) {
        this.partialResult = result;
    }

    @Override
    public void holdClaim() {
        checkpoint();
        if (!repository.lockClaim(claim.id(), claim.claimToken())) {
            lose();
        }
    }

    @Override
    public void pause(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            checkpoint();
            return;
        }
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (pauseMonitor) {
            long remaining;
            while (stopReason.get() == null && (remaining = deadline - System.nanoTime()) > 0) {
                try {
                    pauseMonitor.wait(Math.max(1, remaining / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    requestStop(StopReason.LOST);
                }
            }
        }
        checkpoint();
    }

    private void lose() {
        requestStop(StopReason.LOST);
        checkpoint();
    }
}

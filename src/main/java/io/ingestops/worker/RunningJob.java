package io.ingestops.worker;

import io.ingestops.operation.ClaimedOperation;
import io.ingestops.operation.OperationRepository;
import io.ingestops.operation.ProgressSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** One claimed operation running on this node: the handler's {@link JobContext} and the engine's handle on it. */
final class RunningJob implements JobContext {

    private static final int WAITING = 0;
    private static final int RUNNING = 1;
    private static final int WITHDRAWN = 2;

    private final ClaimedOperation claim;
    private final OperationRepository repository;
    private final WorkerSettings settings;
    private final Clock clock;
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private final Object pauseMonitor = new Object();
    private final long startedNanos = System.nanoTime();
    /** WAITING for a thread, then RUNNING its handler, or WITHDRAWN (handed back unrun) while it waited. */
    private final AtomicInteger phase = new AtomicInteger(WAITING);

    private volatile long runStartedNanos;
    private volatile boolean runEnded;

    private volatile Object partialResult;
    private volatile Future<?> future;
    private volatile Future<?> deadlineCheck;
    private Integer totalItems;
    private ProgressSnapshot lastProgress;
    private Instant lastProgressWrite = Instant.EPOCH;

    RunningJob(ClaimedOperation claim, OperationRepository repository, WorkerSettings settings, Clock clock) {
        this.claim = claim;
        this.repository = repository;
        this.settings = settings;
        this.clock = clock;
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

    long claimToken() {
        return claim.claimToken();
    }

    void attach(Future<?> future) {
        this.future = future;
    }

    void watchDeadline(Future<?> deadlineCheck) {
        this.deadlineCheck = deadlineCheck;
    }

    /** Drops the extra heartbeat scheduled for the deadline, once the job is over. */
    void cancelDeadlineCheck() {
        Future<?> check = deadlineCheck;
        if (check != null) {
            check.cancel(false);
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
        return claim.inputJson();
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
        if (!repository.setTotalItems(claim.id(), claim.claimToken(), items, settings.deadline())) {
            lose();
        }
    }

    @Override
    public void progress(String stage, int processedItems, int failedItems, String currentItem) {
        checkpoint();
        double percentage = totalItems == null || totalItems == 0
                ? 0.0
                : Math.min(100.0, Math.round(processedItems * 1000.0 / totalItems) / 10.0);
        ProgressSnapshot next =
                new ProgressSnapshot(stage, percentage, totalItems, processedItems, failedItems, currentItem);
        Instant now = clock.instant();
        boolean stageChanged = lastProgress == null || !Objects.equals(lastProgress.stage(), stage);
        lastProgress = next;
        if (stageChanged || !now.isBefore(lastProgressWrite.plus(settings.progressInterval()))) {
            lastProgressWrite = now;
            if (!repository.writeProgress(claim.id(), claim.claimToken(), next)) {
                lose();
            }
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

package io.ingestops.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.metrics.OperationMetrics;
import io.ingestops.operation.ClaimedOperation;
import io.ingestops.operation.OperationRepository;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One worker: a dispatcher that claims, a bounded pool that runs jobs, and heartbeats on their own
 * thread. Each replica runs one; tests run several side by side with different worker ids.
 */
public final class WorkerNode {

    private static final Logger LOG = Logger.getLogger(WorkerNode.class);

    /** How long the hand-backs left after the grace period are retried, all together, through a passing database failure. */
    public static final java.time.Duration HAND_BACK_BUDGET = java.time.Duration.ofMillis(1500);

    /** How long a stop waits for a claim in flight to return (its claims are then handed back). */
    static final java.time.Duration DISPATCHER_JOIN = java.time.Duration.ofSeconds(5);

    private final String workerId;
    private final WorkerSettings settings;
    private final OperationRepository repository;
    private final ExecutorService jobExecutor;
    private final JobRunner runner;
    private final Dispatcher dispatcher;
    private final Heartbeats heartbeats;
    private final CompletionWriter completions;
    /** Claimed and not yet finished in the database, including completions waiting for the writer. */
    private final Map<UUID, RunningJob> running = new ConcurrentHashMap<>();
    /** Jobs whose handler is running or waiting for a thread: bounded by max-concurrent + claim-ahead. */
    private final AtomicInteger busySlots = new AtomicInteger();

    private final ClaimAhead claimAhead;

    private final Thread dispatcherThread;
    private volatile boolean stopping;
    /** Where the node keeps its row for operators; none for nodes no lifecycle attached (benchmarks). */
    private volatile WorkerPresence presence;
    /** Heartbeat thread only. */
    private long lastPresenceNanos = System.nanoTime();

    public WorkerNode(
            String workerId,
            WorkerSettings settings,
            OperationRepository repository,
            HandlerRegistry handlers,
            ExecutorService jobExecutor,
            ObjectMapper json,
            OperationMetrics metrics) {
        this.workerId = workerId;
        this.settings = settings;
        this.repository = repository;
        this.jobExecutor = jobExecutor;
        this.claimAhead = new ClaimAhead(settings.maxConcurrent(), settings.claimAhead(), settings.claimAheadWait());
        this.completions = new CompletionWriter(
                workerId,
                repository,
                Math.max(CompletionWriter.MAX_BATCH, 4 * settings.claimLimit()),
                settings.pollInterval(),
                this::completionWritten,
                this::completionUnwritable);
        this.runner = new JobRunner(repository, handlers, json, metrics, workerId, completions, settings.retry());
        this.dispatcher = new Dispatcher(
                workerId,
                repository,
                settings.deadline(),
                settings.pollInterval(),
                this::freeSlots,
                claimAhead::claimed,
                this::start);
        this.heartbeats = new Heartbeats(
                workerId,
                repository,
                settings.heartbeatInterval(),
                running::values,
                this::enforceDeadline,
                this::cancel,
                this::refreshPresence);
        this.dispatcherThread = new Thread(dispatcher, "dispatcher-" + workerId);
        this.dispatcherThread.setDaemon(true);
        metrics.registerRunning(workerId, running::size);
        metrics.registerHeartbeatAge(workerId, heartbeats::ageSeconds);
    }

    /** Keeps this node's row in {@code presence} from {@link #start()} until a clean stop. */
    public void reportPresenceTo(WorkerPresence presence) {
        this.presence = presence;
    }

    public void start() {
        WorkerPresence where = presence;
        if (where != null) {
            try {
                where.register(workerId, settings.maxConcurrent());
            } catch (RuntimeException e) {
                LOG.warnf("worker %s could not register (%s); its heartbeat rounds will", workerId, e.getMessage());
            }
        }
        heartbeats.start();
        completions.start();
        dispatcherThread.start();
        LOG.infof(
                "worker %s started: max-concurrent=%d claim-ahead=%d (at most, waiting %s at most)",
                workerId, settings.maxConcurrent(), settings.claimAhead(), settings.claimAheadWait());
    }

    /** Wakes the dispatcher (on NOTIFY). */
    public void wake() {
        dispatcher.wake();
    }

    /** A cancel was requested for an operation (NOTIFYed): stops it here if this node runs it. */
    public void cancelRequested(UUID operationId) {
        RunningJob job = running.get(operationId);
        if (job != null) {
            job.requestStop(StopReason.CANCELLED);
            // one waiting for a thread is cancelled now, not when a slot frees (the listener thread writes nothing)
            heartbeats.runAfter(0, () -> cancelIfWaiting(job));
        }
    }

    /** A heartbeat found a cancel requested (its NOTIFY was missed). */
    private void cancel(RunningJob job) {
        job.requestStop(StopReason.CANCELLED);
        cancelIfWaiting(job);
    }

    /** Cancels an operation claimed ahead and still waiting for a thread, without running it. */
    private void cancelIfWaiting(RunningJob job) {
        if (job.withdrawUnstarted()) { // else its handler runs (or ran): it stops at its next checkpoint
            finishUnstarted(job, "cancel", () -> runner.cancelUnstarted(job));
        }
    }

    /**
     * Frees the slot of a job withdrawn before its handler started, once {@code write} ended its
     * claim. A write that fails leaves the operation running and unheartbeated: the stale-heartbeat
     * reaper returns it to the queue, where its next claim sees what was requested.
     */
    private void finishUnstarted(RunningJob job, String what, Runnable write) {
        busySlots.decrementAndGet();
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.warnf(
                    "operation %s (not started): %s not written (%s); the stale-heartbeat reaper will return it",
                    job.operationId(), what, e.getMessage());
        } finally {
            release(job);
        }
    }

    public void pauseClaiming() {
        dispatcher.setClaiming(false);
    }

    public void resumeClaiming() {
        dispatcher.setClaiming(true);
    }

    /** Stops renewing heartbeats, as a frozen or partitioned process would. For fault-injection tests. */
    public void freezeHeartbeats() {
        heartbeats.stop();
    }

    /**
     * Stops at once, as a killed process would: no hand-back and no final write; completions not yet
     * written are dropped, and the operations stay running until the reapers take them. For
     * fault-injection tests.
     */
    public void halt() {
        stopping = true;
        dispatcher.stop();
        heartbeats.stop();
        completions.abandon();
        for (RunningJob job : List.copyOf(running.values())) {
            job.requestStop(StopReason.LOST);
            job.interrupt();
        }
        jobExecutor.shutdownNow();
    }

    /**
     * Graceful stop: {@link #beginShutdown()}, then {@link #finishShutdown} after at most the
     * shutdown grace period. Heartbeats stop last so nothing is reaped while jobs wind down.
     */
    public void shutdown() {
        beginShutdown();
        finishShutdown(System.nanoTime() + settings.shutdownGrace().toNanos());
    }

    /**
     * The first, immediate step of a stop: no more claims (a claim in flight is waited for, and what
     * it claimed is handed back unrun), and every running job is asked to stop at its next
     * checkpoint and hand its operation back.
     */
    public void beginShutdown() {
        stopping = true;
        dispatcher.stop();
        try {
            dispatcherThread.join(DISPATCHER_JOIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.values().forEach(job -> job.requestStop(StopReason.SHUTDOWN));
    }

    /** No job of this node is running or waiting for its completion to be written. */
    public boolean isIdle() {
        return running.isEmpty();
    }

    /**
     * Waits until every job has wound down or {@code deadlineNanos} ({@link System#nanoTime()})
     * passed, writes the completions already queued, and hands back whatever still runs (retrying
     * for at most {@link #HAND_BACK_BUDGET} in all). Then stops the job pool and, last, the heartbeats.
     */
    public void finishShutdown(long deadlineNanos) {
        synchronized (running) {
            while (!running.isEmpty() && System.nanoTime() < deadlineNanos) {
                try {
                    running.wait(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        completions.stop();
        long handBackDeadline = System.nanoTime() + HAND_BACK_BUDGET.toNanos();
        for (RunningJob job : List.copyOf(running.values())) {
            try {
                java.time.Duration left = java.time.Duration.ofNanos(Math.max(0, handBackDeadline - System.nanoTime()));
                if (DurableWrite.apply(
                        "handing back " + job.operationId(),
                        left,
                        () -> repository.handBack(job.operationId(), job.claimToken()))) {
                    LOG.infof("operation %s handed back after the shutdown grace period", job.operationId());
                }
            } catch (RuntimeException e) {
                LOG.warnf(
                        "operation %s could not be handed back (%s); the stale-heartbeat reaper will retry it",
                        job.operationId(), e.getMessage());
            }
            job.requestStop(StopReason.LOST);
            job.interrupt();
        }
        jobExecutor.shutdownNow();
        heartbeats.stop();
        WorkerPresence where = presence;
        if (where != null) {
            try {
                where.deregister(workerId);
            } catch (RuntimeException e) {
                LOG.warnf("worker %s could not remove its row (%s); it will show as lost", workerId, e.getMessage());
            }
        }
        LOG.infof("worker %s stopped", workerId);
    }

    public String workerId() {
        return workerId;
    }

    /** Once per heartbeat interval: the extra rounds a due deadline schedules add no write. */
    private void refreshPresence() {
        WorkerPresence where = presence;
        long now = System.nanoTime();
        if (where == null
                || stopping
                || now - lastPresenceNanos < settings.heartbeatInterval().toNanos() / 2) {
            return;
        }
        where.refresh(workerId, settings.maxConcurrent());
        lastPresenceNanos = now;
    }

    /** Operations this node holds: handlers running and completions not yet written. */
    public int runningCount() {
        return running.size();
    }

    public int capacity() {
        return settings.maxConcurrent();
    }

    public boolean isClaiming() {
        return dispatcher.isClaiming();
    }

    public long lastTickAgeMillis() {
        return dispatcher.lastTickAgeMillis();
    }

    /** Milliseconds since the completion writer came round its loop: large only while a write hangs. */
    public long completionWriterAgeMillis() {
        return completions.lastTickAgeMillis();
    }

    private int freeSlots() {
        return settings.maxConcurrent() + claimAhead.ahead(longestRunNanos()) - busySlots.get();
    }

    private long longestRunNanos() {
        long now = System.nanoTime();
        long longest = 0;
        for (RunningJob job : running.values()) {
            longest = Math.max(longest, job.runningNanos(now));
        }
        return longest;
    }

    private void start(ClaimedOperation claim) {
        if (stopping) {
            // claimed by a claim that was in flight when the stop began: give it back unrun
            repository.handBack(claim.id(), claim.claimToken());
            return;
        }
        RunningJob job = new RunningJob(claim, repository, settings, heartbeats::runAfter);
        running.put(claim.id(), job);
        boolean claimedAhead = busySlots.getAndIncrement() >= settings.maxConcurrent();
        LOG.infof(
                "operation %s tenant=%s type=%s pending -> running attempt=%d worker=%s",
                claim.id(), claim.tenantId(), claim.type().wire(), claim.attempt(), workerId);
        try {
            // an extra heartbeat at the deadline enforces it promptly even with a long heartbeat interval
            job.watchDeadline(heartbeats.beatAfter(claim.deadlineInMillis()));
            job.attach(jobExecutor.submit(() -> runAndRelease(job)));
            if (claimedAhead) {
                heartbeats.runAfter(
                        TimeUnit.NANOSECONDS.toMillis(claimAhead.waitNanos()), () -> handBackIfWaiting(job));
            }
        } catch (RejectedExecutionException e) {
            // the pool is shutting down: give the operation back for another replica
            repository.handBack(claim.id(), claim.claimToken());
            busySlots.decrementAndGet();
            release(job);
        }
    }

    private void runAndRelease(RunningJob job) {
        if (!job.beginRun()) {
            return; // handed back while it waited (handBackIfWaiting released its slot)
        }
        boolean queued = false;
        try {
            queued = runner.run(job);
        } finally {
            claimAhead.ran(job.endRun());
            busySlots.decrementAndGet();
            if (queued) {
                dispatcher.wake(); // the slot is free; the operation leaves the running set once written
            } else {
                release(job);
            }
        }
    }

    /**
     * A job claimed ahead that still waits for a thread after the claim-ahead wait goes back to the
     * queue unrun (its attempt not counted), where a replica with a free slot takes it; this one no
     * longer claims ahead while a handler of its own runs that long.
     */
    private void handBackIfWaiting(RunningJob job) {
        if (stopping || !job.withdraw()) {
            return;
        }
        finishUnstarted(job, "hand-back", () -> {
            if (repository.handBack(job.operationId(), job.claimToken())) {
                LOG.debugf(
                        "operation %s waited %d ms for a slot on %s; handed back for another replica",
                        job.operationId(), TimeUnit.NANOSECONDS.toMillis(claimAhead.waitNanos()), workerId);
            }
        });
    }

    private void completionWritten(RunningJob job, boolean applied) {
        try {
            runner.completionWritten(job, applied);
        } finally {
            release(job);
        }
    }

    private void completionUnwritable(RunningJob job, RuntimeException failure) {
        try {
            runner.completionUnwritable(job, failure);
        } finally {
            release(job);
        }
    }

    private void release(RunningJob job) {
        job.cancelDeadlineCheck();
        running.remove(job.operationId());
        synchronized (running) {
            running.notifyAll();
        }
        dispatcher.wake();
    }

    private void enforceDeadline(RunningJob job) {
        job.requestStop(StopReason.DEADLINE);
        if (runner.failForDeadline(job)) {
            if (job.withdrawUnstarted()) {
                // it never got a thread: its queued task will do nothing, so its slot is freed here
                finishUnstarted(job, "deadline failure", () -> {});
            } else {
                job.interrupt();
            }
        }
    }
}

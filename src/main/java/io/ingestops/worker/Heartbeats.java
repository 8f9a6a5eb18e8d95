package io.ingestops.worker;

import io.ingestops.operation.HeartbeatAck;
import io.ingestops.operation.OperationRepository;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Renews the heartbeats of a node's running jobs on a thread of its own (so a busy job pool never
 * starves it) and, in the same round trip, learns of cancel requests, passed deadlines and lost claims.
 */
final class Heartbeats {

    private static final Logger LOG = Logger.getLogger(Heartbeats.class);

    private final OperationRepository repository;
    private final Duration interval;
    private final Supplier<Collection<RunningJob>> runningJobs;
    private final Consumer<RunningJob> onPastDeadline;
    private final Consumer<RunningJob> onCancelRequested;
    private final Runnable afterRound;
    private final ScheduledExecutorService executor;
    private volatile long lastSuccessNanos = System.nanoTime();

    Heartbeats(
            String workerId,
            OperationRepository repository,
            Duration interval,
            Supplier<Collection<RunningJob>> runningJobs,
            Consumer<RunningJob> onPastDeadline,
            Consumer<RunningJob> onCancelRequested,
            Runnable afterRound) {
        this.repository = repository;
        this.afterRound = afterRound;
        this.interval = interval;
        this.runningJobs = runningJobs;
        this.onPastDeadline = onPastDeadline;
        this.onCancelRequested = onCancelRequested;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "heartbeat-" + workerId);
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true); // deadline checks of finished jobs leave the queue at once
        this.executor = pool;
    }

    void start() {
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::beatSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Runs one extra round after {@code delayMillis} (when a job's deadline is due); null once stopped. */
    ScheduledFuture<?> beatAfter(long delayMillis) {
        try {
            return executor.schedule(this::beatSafely, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            return null;
        }
    }

    /** Runs a short task on this thread after {@code delayMillis}; null (and nothing runs) once stopped. */
    ScheduledFuture<?> runAfter(long delayMillis, Runnable task) {
        try {
            return executor.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            return null; // the node is stopping: its shutdown path hands everything back
        }
    }

    void stop() {
        executor.shutdownNow();
    }

    private void beatSafely() {
        try {
            beat();
        } catch (RuntimeException e) {
            // a database outage must not kill the heartbeat loop; the next round tries again
            LOG.warnf("heartbeat round failed: %s", e.getMessage());
        }
        try {
            afterRound.run(); // after the jobs' heartbeats, which must never wait for it
        } catch (RuntimeException e) {
            LOG.debugf("after the heartbeat round: %s", e.getMessage());
        }
    }

    /** Seconds since the last successful heartbeat round, or 0 while no job runs here. */
    double ageSeconds() {
        return runningJobs.get().isEmpty() ? 0.0 : (System.nanoTime() - lastSuccessNanos) / 1e9;
    }

    void beat() {
        Map<UUID, RunningJob> jobs = new HashMap<>();
        Map<UUID, Long> tokens = new HashMap<>();
        for (RunningJob job : runningJobs.get()) {
            jobs.put(job.operationId(), job);
            tokens.put(job.operationId(), job.claimToken());
        }
        if (jobs.isEmpty()) {
            lastSuccessNanos = System.nanoTime();
            return;
        }
        List<HeartbeatAck> acks = repository.heartbeat(tokens);
        lastSuccessNanos = System.nanoTime();
        for (HeartbeatAck ack : acks) {
            RunningJob job = jobs.remove(ack.id());
            if (ack.pastDeadline()) {
                onPastDeadline.accept(job);
            } else if (ack.cancelRequested()) {
                onCancelRequested.accept(job);
            }
        }
        // no ack: the claim token no longer matches or the operation is no longer running
        for (RunningJob lost : jobs.values()) {
            lost.requestStop(StopReason.LOST);
        }
    }
}

package io.ingestops.worker;

import io.ingestops.db.TransientFailures;
import io.ingestops.operation.Completion;
import io.ingestops.operation.OperationRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Group commit for successful finishes: job threads hand their completion over and return to the
 * pool at once; this node's writer thread completes everything queued in one fenced statement.
 * Short jobs then cost a fraction of a commit each instead of one. The queue is bounded, so a
 * slow database slows the job threads down instead of growing memory.
 *
 * <p>Until its completion is written an operation stays in the node's running set: it keeps its
 * heartbeat, and a crash before the write leaves it {@code running} for the stale-heartbeat reaper
 * to retry (handlers are idempotent), exactly as a crash just before a single commit would.
 *
 * <p>A batch that fails transiently (the database is away) is retried whole. A batch that fails
 * for any other reason is written row by row, so that one row the database refuses cannot hold up
 * every other completion of the node; such a row is handed to {@code onUnwritable}.
 */
final class CompletionWriter implements Runnable {

    private static final Logger LOG = Logger.getLogger(CompletionWriter.class);

    /** Most completions written by one statement. */
    static final int MAX_BATCH = 500;

    record Queued(RunningJob job, Completion completion) {}

    private final OperationRepository repository;
    private final BlockingQueue<Queued> queue;
    private final Duration retryDelay;
    private final BiConsumer<RunningJob, Boolean> onWritten;
    private final BiConsumer<RunningJob, RuntimeException> onUnwritable;
    private final Thread thread;
    private volatile boolean running = true;
    /** When the writer last finished a loop round: a write that hangs shows as a growing age. */
    private volatile long lastTickNanos = System.nanoTime();

    /**
     * {@code onWritten} gets each job and whether its completion was applied (false: the claim was
     * lost); {@code onUnwritable} gets a job whose completion the database refused for good.
     */
    CompletionWriter(
            String workerId,
            OperationRepository repository,
            int capacity,
            Duration retryDelay,
            BiConsumer<RunningJob, Boolean> onWritten,
            BiConsumer<RunningJob, RuntimeException> onUnwritable) {
        this.repository = repository;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.retryDelay = retryDelay;
        this.onWritten = onWritten;
        this.onUnwritable = onUnwritable;
        this.thread = new Thread(this, "completions-" + workerId);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues a completion, waiting while the queue is full; false once the writer has stopped. */
    boolean submit(RunningJob job, Completion completion) throws InterruptedException {
        Queued queued = new Queued(job, completion);
        while (running) {
            if (queue.offer(queued, 100, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** Stops after writing what is queued (called once no job can queue any more). */
    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops without writing what is queued, as a killed process would (fault-injection tests). */
    void abandon() {
        running = false;
        queue.clear();
        thread.interrupt();
    }

    /** Milliseconds since the writer last came round its loop; large only if a write hangs. */
    long lastTickAgeMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastTickNanos);
    }

    @Override
    public void run() {
        List<Queued> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            lastTickNanos = System.nanoTime();
            try {
                Queued first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                writeUntilDone(batch);
            } catch (InterruptedException e) {
                // stop() interrupts a waiting poll; the loop drains whatever is still queued
            }
            batch.clear();
        }
    }

    /**
     * Writes one batch, retrying while the database is unreachable. Each retry is fenced like the
     * first try, so a claim taken over meanwhile is simply reported lost. After a stop the writer
     * gives up instead: the operations stay running and the shutdown hands back what is left.
     */
    private void writeUntilDone(List<Queued> batch) {
        List<Completion> completions = batch.stream().map(Queued::completion).toList();
        while (true) {
            try {
                Set<UUID> applied = repository.completeAll(completions);
                for (Queued queued : batch) {
                    onWritten.accept(
                            queued.job(), applied.contains(queued.completion().id()));
                }
                return;
            } catch (RuntimeException e) {
                if (!TransientFailures.isTransient(e)) {
                    LOG.warnf(
                            "writing %d completions failed (%s); writing them one by one",
                            batch.size(), e.getMessage());
                    batch.forEach(this::writeAlone);
                    return;
                }
                if (!running) {
                    // left in the running set: the shutdown hands them back
                    LOG.warnf("%d completions not written before shutdown: %s", batch.size(), e.getMessage());
                    return;
                }
                LOG.warnf(
                        "writing %d completions failed, retrying in %s: %s", batch.size(), retryDelay, e.getMessage());
                lastTickNanos = System.nanoTime();
                try {
                    Thread.sleep(retryDelay.toMillis());
                } catch (InterruptedException interrupted) {
                    // stop() was called: one more try, then give up as above
                }
            }
        }
    }

    private void writeAlone(Queued queued) {
        lastTickNanos = System.nanoTime();
        try {
            boolean applied = DurableWrite.apply(
                    "completing " + queued.completion().id(),
                    JobRunner.WRITE_BUDGET,
                    () -> !repository.completeAll(List.of(queued.completion())).isEmpty());
            onWritten.accept(queued.job(), applied);
        } catch (RuntimeException e) {
            onUnwritable.accept(queued.job(), e);
        }
    }
}

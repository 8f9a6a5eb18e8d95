package io.ingestops.testsupport;

import io.ingestops.operation.OperationType;
import io.ingestops.worker.JobContext;
import io.ingestops.worker.OperationHandler;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A handler tests steer: it counts runs per operation, reports progress, and (unless released)
 * keeps working through checkpoints until it is stopped. With {@code ignoreStops} it never looks
 * at a checkpoint, like a wedged job.
 */
public class ScriptedHandler implements OperationHandler {

    private final OperationType type;
    private final Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final Map<UUID, String> lastOutcome = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean blocking;
    private volatile boolean stalled;

    public ScriptedHandler() {
        this(OperationType.INGEST_TEXT);
    }

    public ScriptedHandler(OperationType type) {
        this.type = type;
    }

    /** Runs until {@link #release()} (or a stop). */
    public ScriptedHandler blocking() {
        this.blocking = true;
        return this;
    }

    /** Blocks without ever reaching a checkpoint, like a wedged job. */
    public ScriptedHandler ignoringStops() {
        this.blocking = true;
        this.stalled = true;
        return this;
    }

    /** From now on the running job makes no write and reaches no checkpoint until released, like a frozen process. */
    public void stall() {
        this.stalled = true;
    }

    public void release() {
        release.countDown();
    }

    public int runs(UUID id) {
        AtomicInteger count = runs.get(id);
        return count == null ? 0 : count.get();
    }

    public int totalRuns() {
        return runs.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** What the last run of the operation ended with: "returned", or the exception's simple name. */
    public String lastOutcome(UUID id) {
        return lastOutcome.get(id);
    }

    @Override
    public OperationType type() {
        return type;
    }

    @Override
    public Object run(JobContext context) throws Exception {
        runs.computeIfAbsent(context.operationId(), id -> new AtomicInteger()).incrementAndGet();
        try {
            context.setTotalItems(10);
            int step = 0;
            while (blocking && release.getCount() > 0) {
                if (stalled) {
                    release.await();
                    break;
                }
                context.pause(Duration.ofMillis(20));
                context.progress("processing", Math.min(9, ++step / 10), 0, "step " + step);
            }
            // after a release this is the late write a frozen worker would make
            context.progress("processing", 10, 0, null);
            lastOutcome.put(context.operationId(), "returned");
            return Map.of("documents_added", 1, "chunks_created", 1);
        } catch (RuntimeException | InterruptedException e) {
            lastOutcome.put(context.operationId(), e.getClass().getSimpleName());
            throw e;
        }
    }
}

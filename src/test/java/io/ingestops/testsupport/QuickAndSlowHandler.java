package io.ingestops.testsupport;

import io.ingestops.operation.OperationType;
import io.ingestops.worker.JobContext;
import io.ingestops.worker.OperationHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Returns at once for every operation but the slow ones, which run (through checkpoints) until
 * {@link #release()}: a node learns that its jobs are short, then meets long ones.
 */
public class QuickAndSlowHandler implements OperationHandler {

    private final Set<UUID> slow = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Integer> started = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<UUID> startOrder = new CopyOnWriteArrayList<>();

    public QuickAndSlowHandler slow(UUID id) {
        slow.add(id);
        return this;
    }

    public void release() {
        release.countDown();
    }

    /** How many times the handler started for the operation. */
    public int starts(UUID id) {
        return started.getOrDefault(id, 0);
    }

    /** Operations in the order their handler started. */
    public List<UUID> startOrder() {
        return List.copyOf(startOrder);
    }

    @Override
    public OperationType type() {
        return OperationType.INGEST_TEXT;
    }

    @Override
    public Object run(JobContext context) {
        startOrder.add(context.operationId());
        started.merge(context.operationId(), 1, Integer::sum);
        while (slow.contains(context.operationId()) && release.getCount() > 0) {
            context.pause(Duration.ofMillis(20));
        }
        return Map.of("documents_added", 1);
    }
}

package io.ingestops.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.config.IngestConfig;
import io.ingestops.metrics.OperationMetrics;
import io.ingestops.operation.OperationRepository;
import io.ingestops.worker.HandlerRegistry;
import io.ingestops.worker.OperationHandler;
import io.ingestops.worker.WorkerLifecycle;
import io.ingestops.worker.WorkerNode;
import io.ingestops.worker.WorkerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/** Extra worker nodes with their own worker ids and handlers, over the same database as the application. */
@ApplicationScoped
public class TestNodes {

    private final OperationRepository repository;
    private final IngestConfig config;
    private final ObjectMapper json;
    private final OperationMetrics metrics;
    private final WorkerLifecycle lifecycle;
    private final List<WorkerNode> started = new ArrayList<>();

    public TestNodes(
            OperationRepository repository,
            IngestConfig config,
            ObjectMapper json,
            OperationMetrics metrics,
            WorkerLifecycle lifecycle) {
        this.repository = repository;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
        this.lifecycle = lifecycle;
    }

    public WorkerNode start(String workerId, OperationHandler handler) {
        return start(workerId, handler, UnaryOperator.identity());
    }

    public synchronized WorkerNode start(
            String workerId, OperationHandler handler, UnaryOperator<WorkerSettings> customize) {
        WorkerSettings settings = customize.apply(WorkerSettings.from(config));
        WorkerNode node = new WorkerNode(
                workerId,
                settings,
                repository,
                new HandlerRegistry(List.of(handler)),
                Executors.newFixedThreadPool(settings.maxConcurrent()),
                json,
                metrics);
        lifecycle.attach(node);
        node.start();
        started.add(node);
        return node;
    }

    /** A node with every handler of the application, as a replica runs them. */
    public synchronized WorkerNode startReplica(String workerId) {
        WorkerNode node = lifecycle.newNode(workerId, WorkerSettings.from(config));
        lifecycle.attach(node);
        node.start();
        started.add(node);
        return node;
    }

    /** Forgets a node that was halted (it is not shut down again). */
    public synchronized void forget(WorkerNode node) {
        lifecycle.detach(node);
        started.remove(node);
    }

    /** The application's own node stops claiming, so only the test's nodes run work. */
    public void pauseApplicationNode() {
        lifecycle.node().pauseClaiming();
    }

    public void resumeApplicationNode() {
        lifecycle.node().resumeClaiming();
    }

    public synchronized void stopAll() {
        started.forEach(lifecycle::detach);
        started.forEach(WorkerNode::shutdown);
        started.clear();
    }
}

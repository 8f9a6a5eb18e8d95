package io.ingestops.health;

import io.ingestops.config.IngestConfig;
import io.ingestops.reaper.ReaperScheduler;
import io.ingestops.worker.WorkerLifecycle;
import io.ingestops.worker.WorkerNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the dispatcher loop, the reaper scheduler and the completion writer keep ticking; a
 * wedged worker makes the pod restart.
 */
@Liveness
@ApplicationScoped
public class WorkerLivenessCheck implements HealthCheck {

    private final WorkerLifecycle worker;
    private final ReaperScheduler reapers;
    private final IngestConfig config;

    public WorkerLivenessCheck(WorkerLifecycle worker, ReaperScheduler reapers, IngestConfig config) {
        this.worker = worker;
        this.reapers = reapers;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("worker");
        WorkerNode node = worker.node();
        if (node == null) {
            return response.down().withData("reason", "worker not started").build();
        }
        // the dispatcher ticks at least every poll interval; allow a few missed ticks and slow claims
        long dispatcherLimit = Math.max(10_000, config.pollInterval().toMillis() * 5);
        long schedulerLimit = config.reaperInterval().toMillis() * 3 + 10_000;
        // a completion write that hangs (not one that fails: those are retried or written row by row)
        long writerLimit = Math.max(60_000, config.staleAfter().toMillis() * 2);
        long dispatcherAge = node.lastTickAgeMillis();
        long schedulerAge = reapers.lastTickAgeMillis();
        long writerAge = node.completionWriterAgeMillis();
        boolean live = worker.isShuttingDown()
                || (dispatcherAge < dispatcherLimit && schedulerAge < schedulerLimit && writerAge < writerLimit);
        return WorkerData.add(response, node)
                .withData("last_tick_age_ms", dispatcherAge)
                .withData("scheduler_last_tick_age_ms", schedulerAge)
                .withData("completion_writer_age_ms", writerAge)
                .status(live)
                .build();
    }
}

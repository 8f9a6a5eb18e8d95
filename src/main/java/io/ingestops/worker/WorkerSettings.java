package io.ingestops.worker;

import io.ingestops.config.IngestConfig;
import io.ingestops.operation.DeadlinePolicy;
import java.time.Duration;

/** The settings one worker node runs with. */
public record WorkerSettings(
        int maxConcurrent,
        Duration pollInterval,
        Duration heartbeatInterval,
        Duration shutdownGrace,
        Duration progressInterval,
        DeadlinePolicy deadline) {

    /** Progress writes are throttled to at most four per second per operation. */
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);

    public static WorkerSettings from(IngestConfig config) {
        IngestConfig.Timeout t = config.timeout();
        return new WorkerSettings(
                config.maxConcurrent(),
                config.pollInterval(),
                config.heartbeatInterval(),
                config.shutdownGrace(),
                PROGRESS_INTERVAL,
                new DeadlinePolicy(t.base(), t.perItem(), t.min(), t.max()));
    }

    public WorkerSettings withMaxConcurrent(int max) {
        return new WorkerSettings(max, pollInterval, heartbeatInterval, shutdownGrace, progressInterval, deadline);
    }

    public WorkerSettings withPollInterval(Duration poll) {
        return new WorkerSettings(maxConcurrent, poll, heartbeatInterval, shutdownGrace, progressInterval, deadline);
    }

    public WorkerSettings withHeartbeatInterval(Duration heartbeat) {
        return new WorkerSettings(maxConcurrent, pollInterval, heartbeat, shutdownGrace, progressInterval, deadline);
    }

    public WorkerSettings withShutdownGrace(Duration grace) {
        return new WorkerSettings(maxConcurrent, pollInterval, heartbeatInterval, grace, progressInterval, deadline);
    }

    public WorkerSettings withDeadline(DeadlinePolicy policy) {
        return new WorkerSettings(
                maxConcurrent, pollInterval, heartbeatInterval, shutdownGrace, progressInterval, policy);
    }
}

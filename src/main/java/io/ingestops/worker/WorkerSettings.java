package io.ingestops.worker;

import io.ingestops.config.IngestConfig;
import io.ingestops.operation.DeadlinePolicy;
import java.time.Duration;

/**
 * The settings one worker node runs with. Up to {@code claimAhead} operations may be claimed beyond
 * the free slots, while jobs are short and the queue is deep ({@link ClaimAhead}), and wait on the
 * node for a slot for at most {@code claimAheadWait} (0: a node claims only what it can start at once).
 */
public record WorkerSettings(
        int maxConcurrent,
        int claimAhead,
        Duration claimAheadWait,
        Duration pollInterval,
        Duration heartbeatInterval,
        Duration shutdownGrace,
        Duration progressInterval,
        DeadlinePolicy deadline,
        RetryPolicy retry) {

    /** Settings with the default retry policy (benchmarks, tests that do not exercise retries). */
    public WorkerSettings(
            int maxConcurrent,
            int claimAhead,
            Duration claimAheadWait,
            Duration pollInterval,
            Duration heartbeatInterval,
            Duration shutdownGrace,
            Duration progressInterval,
            DeadlinePolicy deadline) {
        this(
                maxConcurrent,
                claimAhead,
                claimAheadWait,
                pollInterval,
                heartbeatInterval,
                shutdownGrace,
                progressInterval,
                deadline,
                RetryPolicy.DEFAULT);
    }

    /** Progress writes are throttled to at most four per second per operation. */
    public static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);

    public static WorkerSettings from(IngestConfig config) {
        IngestConfig.Timeout t = config.timeout();
        return new WorkerSettings(
                config.maxConcurrent(),
                config.claimAhead(),
                config.claimAheadWait(),
                config.pollInterval(),
                config.heartbeatInterval(),
                config.shutdownGrace(),
                PROGRESS_INTERVAL,
                new DeadlinePolicy(t.base(), t.perItem(), t.min(), t.max()),
                RetryPolicy.from(config.retry()));
    }

    /** Operations this node may hold at once: running plus claimed ahead. */
    public int claimLimit() {
        return maxConcurrent + claimAhead;
    }

    public WorkerSettings withMaxConcurrent(int max) {
        return new WorkerSettings(
                max,
                claimAhead,
                claimAheadWait,
                pollInterval,
                heartbeatInterval,
                shutdownGrace,
                progressInterval,
                deadline,
                retry);
    }

    public WorkerSettings withClaimAhead(int ahead) {
        return new WorkerSettings(
                maxConcurrent,
                ahead,
                claimAheadWait,
                pollInterval,
                heartbeatInterval,
                shutdownGrace,
                progressInterval,
                deadline,
                retry);
    }

    public WorkerSettings withClaimAheadWait(Duration wait) {
        return new WorkerSettings(
                maxConcurrent,
                claimAhead,
                wait,
                pollInterval,
                heartbeatInterval,
                shutdownGrace,
                progressInterval,
                deadline,
                retry);
    }

    public WorkerSettings withPollInterval(Duration poll) {
        return new WorkerSettings(
                maxConcurrent,
                claimAhead,
                claimAheadWait,
                poll,
                heartbeatInterval,
                shutdownGrace,
                progressInterval,
                deadline,
                retry);
    }

    public WorkerSettings withHeartbeatInterval(Duration heartbeat) {
        return new WorkerSettings(
                maxConcurrent,
                claimAhead,
                claimAheadWait,
                pollInterval,
                heartbeat,
                shutdownGrace,
                progressInterval,
                deadline,
                retry);
    }

    public WorkerSettings withShutdownGrace(Duration grace) {
        return new WorkerSettings(
                maxConcurrent,
                claimAhead,
                claimAheadWait,
                pollInterval,
                heartbeatInterval,
                grace,
                progressInterval,
                deadline,
                retry);
    }

    public WorkerSettings withDeadline(DeadlinePolicy policy) {
        return new WorkerSettings(
                maxConcurrent,
                claimAhead,
                claimAheadWait,
                pollInterval,
                heartbeatInterval,
                shutdownGrace,
                progressInterval,
                policy,
                retry);
    }

    public WorkerSettings withRetry(RetryPolicy policy) {
        return new WorkerSettings(
                maxConcurrent,
                claimAhead,
                claimAheadWait,
                pollInterval,
                heartbeatInterval,
                shutdownGrace,
                progressInterval,
                deadline,
                policy);
    }
}

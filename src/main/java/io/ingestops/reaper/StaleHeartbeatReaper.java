package io.ingestops.reaper;

import io.ingestops.config.IngestConfig;
import io.ingestops.metrics.OperationMetrics;
import io.ingestops.operation.OperationRepository;
import io.ingestops.operation.ReapedOperation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Running operations whose heartbeat is older than {@code stale-after} (judged on the database
 * clock): retried after a backoff while attempts remain, else failed; cancelled if a cancel was
 * requested. Each statement is conditional, so replicas may run this at the same time.
 */
@ApplicationScoped
public class StaleHeartbeatReaper {

    private static final Logger LOG = Logger.getLogger(StaleHeartbeatReaper.class);

    private final OperationRepository repository;
    private final IngestConfig config;
    private final OperationMetrics metrics;

    public StaleHeartbeatReaper(OperationRepository repository, IngestConfig config, OperationMetrics metrics) {
        this.repository = repository;
        this.config = config;
        this.metrics = metrics;
    }

    /** Answers how many operations were retried, failed and cancelled. */
    public Outcome runOnce() {
        List<ReapedOperation> cancelled = repository.cancelStale(config.staleAfter());
        List<ReapedOperation> retried =
                repository.retryStale(config.staleAfter(), config.retry().backoff());
        List<ReapedOperation> failed = repository.failStale(config.staleAfter());
        log(retried, "heartbeat stale; back to pending for another attempt");
        log(failed, "heartbeat stale and attempts exhausted; failed with heartbeat_timeout");
        log(cancelled, "heartbeat stale with cancel requested; cancelled");
        metrics.reaped("heartbeat_retry", retried.size());
        metrics.reaped("heartbeat_timeout", failed.size());
        metrics.reaped("heartbeat_cancelled", cancelled.size());
        if (!retried.isEmpty()) {
            repository.notifyWork();
        }
        return new Outcome(retried.size(), failed.size(), cancelled.size());
    }

    private static void log(List<ReapedOperation> reaped, String what) {
        for (ReapedOperation op : reaped) {
            LOG.infof(
                    "operation %s tenant=%s type=%s running -> %s attempt=%d: %s",
                    op.id(), op.tenantId(), op.type().wire(), op.newStatus().wire(), op.attempt(), what);
        }
    }

    public record Outcome(int retried, int failed, int cancelled) {}
}

package io.ingestops.reaper;

import io.ingestops.config.IngestConfig;
import io.ingestops.metrics.OperationMetrics;
import io.ingestops.operation.OperationRepository;
import io.ingestops.operation.ReapedOperation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Fails running operations past their deadline whose worker did not enforce it (a dead replica).
 * A live worker fails its own job within one heartbeat; the grace of two heartbeat intervals
 * leaves it that chance first.
 */
@ApplicationScoped
public class DeadlineReaper {

    private static final Logger LOG = Logger.getLogger(DeadlineReaper.class);

    private final OperationRepository repository;
    private final IngestConfig config;
    private final OperationMetrics metrics;

    public DeadlineReaper(OperationRepository repository, IngestConfig config, OperationMetrics metrics) {
        this.repository = repository;
        this.config = config;
        this.metrics = metrics;
    }

    public int runOnce() {
        Duration grace = config.heartbeatInterval().multipliedBy(2);
        List<ReapedOperation> failed = repository.failPastDeadline(grace);
        for (ReapedOperation op : failed) {
            LOG.infof(
                    "operation %s tenant=%s type=%s running -> failed attempt=%d: deadline_exceeded (reaped)",
                    op.id(), op.tenantId(), op.type().wire(), op.attempt());
        }
        metrics.reaped("deadline_exceeded", failed.size());
        return failed.size();
    }
}

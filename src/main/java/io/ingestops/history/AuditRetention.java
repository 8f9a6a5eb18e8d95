package io.ingestops.history;

import io.ingestops.config.IngestConfig;
import io.ingestops.reaper.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * History housekeeping: merges the GIN pending lists the hot statements append to (so that no claim
 * pays for a merge and look-ups stay short), then deletes history rows older than
 * {@code ingest.audit-retention}, a thousand per statement so no delete holds locks for long.
 */
@ApplicationScoped
public class AuditRetention implements Housekeeping {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AuditRetention.class);

    private static final int BATCH = 1000;
    private static final int MAX_BATCHES_PER_PASS = 1000;

    private final OperationHistory history;
    private final IngestConfig config;

    public AuditRetention(OperationHistory history, IngestConfig config) {
        this.history = history;
        this.config = config;
    }

    @Override
    public String name() {
        return "audit_retention";
    }

    @Override
    public int runOnce() {
        try {
            history.mergePendingIndexEntries();
        } catch (RuntimeException e) {
            // e.g. the database user does not own the indexes: the writers' list limit merges instead
            LOG.warnf("could not merge the history indexes' pending entries: %s", e.getMessage());
        }
        int deleted = 0;
        for (int i = 0; i < MAX_BATCHES_PER_PASS; i++) {
            int n = history.deleteOlderThan(config.auditRetention(), BATCH);
            deleted += n;
            if (n < BATCH) {
                break;
            }
        }
        return deleted;
    }
}

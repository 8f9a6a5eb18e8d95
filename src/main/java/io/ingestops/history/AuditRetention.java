package io.ingestops.history;

import io.ingestops.config.IngestConfig;
import io.ingestops.reaper.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Deletes history events older than {@code ingest.audit-retention}, a thousand per statement so no
 * delete holds locks for long, until none is left or a pass has deleted a million.
 */
@ApplicationScoped
public class AuditRetention implements Housekeeping {

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

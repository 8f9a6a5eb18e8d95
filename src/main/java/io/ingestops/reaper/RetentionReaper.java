package io.ingestops.reaper;

import io.ingestops.config.IngestConfig;
import io.ingestops.metrics.OperationMetrics;
import io.ingestops.operation.OperationRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Deletes terminal operations older than {@code retention}, in small batches; never active ones. */
@ApplicationScoped
public class RetentionReaper {

    static final int BATCH = 1000;

    private final OperationRepository repository;
    private final IngestConfig config;
    private final OperationMetrics metrics;

    public RetentionReaper(OperationRepository repository, IngestConfig config, OperationMetrics metrics) {
        this.repository = repository;
        this.config = config;
        this.metrics = metrics;
    }

    public int runOnce() {
        int total = 0;
        int deleted;
        do {
            deleted = repository.deleteExpired(config.retention(), BATCH);
            total += deleted;
        } while (deleted == BATCH);
        metrics.reaped("retention", total);
        return total;
    }
}

package io.ingestops.schedule;

import java.time.Instant;
import java.util.UUID;

/** One schedule row: a recurring sync of {@code source} into {@code collection}. */
public record Schedule(
        UUID id,
        String tenantId,
        String collection,
        String source,
        String cron,
        String timeZone,
        int priority,
        String createdBy,
        Instant createdAt,
        Instant nextDueAt,
        Instant lastDueAt,
        Instant lastRunAt,
        UUID lastOperationId,
        int runCount,
        Instant lastSkippedAt,
        int skippedCount,
        String lastSkipReason) {}

package io.ingestops.history;

import io.ingestops.operation.OperationStatus;
import io.ingestops.operation.OperationType;
import java.time.Instant;
import java.util.UUID;

/**
 * One status change or cancel request of an operation, as its statement recorded it:
 * {@code from} is null for the submission; {@code from == to} is a cancel request. Its position:
 * the history row that holds it (one per statement) and its place in that row.
 */
public record HistoryEvent(
        long rowId,
        int ord,
        UUID operationId,
        OperationType type,
        String collection,
        Instant at,
        OperationStatus from,
        OperationStatus to,
        int attempt,
        String actorKind,
        String actorId,
        String reason) {}

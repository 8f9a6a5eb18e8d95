package io.ingestops.operation;

import java.util.UUID;

/** An operation a reaper moved on, for logging and metrics. */
public record ReapedOperation(UUID id, String tenantId, OperationType type, OperationStatus newStatus, int attempt) {}

package io.ingestops.worker;

import io.ingestops.operation.OperationType;

/**
 * Runs one type of operation. The engine claims, heartbeats, fences and finishes the operation;
 * a handler only does the work, reports progress through the context and calls
 * {@link JobContext#checkpoint()} often enough to stop within one heartbeat interval.
 * Handlers must be idempotent: an operation may run again after a crash or a hand-back.
 */
public interface OperationHandler {

    OperationType type();

    /** Does the work and returns the result object stored (as JSON) on the completed operation. */
    Object run(JobContext context) throws Exception;
}

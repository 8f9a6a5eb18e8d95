package io.ingestops.operation;

/** A validated submission: what the caller asked for, and the handler input to store. */
public record NewOperation(
        String tenantId,
        OperationType type,
        String collection,
        int priority,
        int maxAttempts,
        Integer timeoutSeconds,
        Integer totalItems,
        String inputJson,
        String idempotencyKey) {}

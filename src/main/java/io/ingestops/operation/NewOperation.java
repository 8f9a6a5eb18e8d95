package io.ingestops.operation;

/**
 * A validated submission: what the caller asked for, and the handler input to store. The idempotency
 * hash covers {@code requestFingerprint} when set, else the input.
 */
public record NewOperation(
        String tenantId,
        OperationType type,
        String collection,
        int priority,
        int maxAttempts,
        Integer timeoutSeconds,
        Integer totalItems,
        String inputJson,
        String idempotencyKey,
        String requestFingerprint) {

    public NewOperation(
            String tenantId,
            OperationType type,
            String collection,
            int priority,
            int maxAttempts,
            Integer timeoutSeconds,
            Integer totalItems,
            String inputJson,
            String idempotencyKey) {
        this(
                tenantId,
                type,
                collection,
                priority,
                maxAttempts,
                timeoutSeconds,
                totalItems,
                inputJson,
                idempotencyKey,
                null);
    }

    /** The same request with its handler input, and what identifies it for Idempotency-Key when that is not the input itself. */
    public NewOperation withInput(String input, String fingerprint) {
        return new NewOperation(
                tenantId,
                type,
                collection,
                priority,
                maxAttempts,
                timeoutSeconds,
                totalItems,
                input,
                idempotencyKey,
                fingerprint);
    }
}

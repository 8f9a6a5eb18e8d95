package io.ingestops.operation;

/**
 * A validated submission: what the caller asked for, who asked, and the handler input to store with
 * its description ({@link DescribedInput}, as JSON). The idempotency hash covers {@code
 * requestFingerprint} when set, else the input.
 */
public record NewOperation(
        String tenantId,
        OperationType type,
        String collection,
        int priority,
        int maxAttempts,
        Integer timeoutSeconds,
        java.time.Instant runAt,
        String callbackUrl,
        Integer totalItems,
        String inputJson,
        String idempotencyKey,
        String requestFingerprint,
        String submittedBy,
        String metadataJson,
        String inputSummaryJson) {

    /** A request without its input yet ({@link #withInput}). */
    public NewOperation(
            String tenantId,
            OperationType type,
            String collection,
            int priority,
            int maxAttempts,
            Integer timeoutSeconds,
            java.time.Instant runAt,
            String callbackUrl,
            String idempotencyKey,
            String submittedBy) {
        this(
                tenantId,
                type,
                collection,
                priority,
                maxAttempts,
                timeoutSeconds,
                runAt,
                callbackUrl,
                null,
                null,
                idempotencyKey,
                null,
                submittedBy,
                null,
                null);
    }

    /**
     * The same request with its handler input and that input's description (metadata and summary, as
     * JSON), and what identifies it for Idempotency-Key when that is not the input itself.
     */
    public NewOperation withInput(String input, String fingerprint, String metadata, String inputSummary) {
        return new NewOperation(
                tenantId,
                type,
                collection,
                priority,
                maxAttempts,
                timeoutSeconds,
                runAt,
                callbackUrl,
                totalItems,
                input,
                idempotencyKey,
                fingerprint,
                submittedBy,
                metadata,
                inputSummary);
    }
}
